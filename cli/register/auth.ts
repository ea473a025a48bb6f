import type { Command } from 'commander';

/** `data-eng auth verify`: check an AD login with the project's own settings, before anyone tries the UI. */
export function registerAuth(program: Command): void {
  const auth = program.command('auth').description('Active Directory login of the project (windows-auth)');
  auth
    .command('verify')
    .description(
      'bind as the service account, find a user, list their groups and the Airflow roles they would get, and why; every failure comes with its cause and fix',
    )
    .option('--user <name>', 'look this login up (what they type at the login page)')
    .option('--password-stdin', "also test the user's own password, read from stdin")
    .option('--json', 'print JSON')
    .action(async (options: { user?: string; passwordStdin?: boolean; json?: boolean }) => {
      const { runAuthVerify } = await import('../commands/auth-verify.js');
      await runAuthVerify(options);
    });
}
