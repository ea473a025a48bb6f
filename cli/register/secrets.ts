import type { Command } from 'commander';

/** `data-eng secrets ls|rotate`: the project's secrets by name, and the one command that changes one. */
export function registerSecrets(program: Command): void {
  const secrets = program
    .command('secrets')
    .description(
      "the project's secrets: where each comes from and who reads it (never a value), and rotation",
    );
  secrets
    .command('ls')
    .description(
      "list every secret and where it comes from in each environment: the local stack's from .env (owner, kind, whether .env sets it, which services read it as a file), a cluster's from the Kubernetes Secrets its source makes; never a value",
    )
    .option('--env <name>', 'only this environment (data-eng env ls names them)')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean; env?: string }) => {
      const { listSecrets } = await import('../commands/secrets.js');
      await listSecrets(options);
    });
  secrets
    .command('rotate')
    .argument('<name>', 'the secret, as secrets ls names it (POSTGRES_PASSWORD, AIRFLOW_FERNET_KEY, ...)')
    .description(
      "give a secret a new value: a database role's password is changed in the running database first (start it with data-eng up postgres), then .env, then the running services that read it are recreated through compose (the dev container too); the Fernet key goes in two steps (see --finish), a token is replaced. Refused, changing nothing: a secret supplied from outside (AD bind password, keytab) or kept where it is used (Airflow's admin password)",
    )
    .option('--finish', 'drop the old Fernet key, once airflow rotate-fernet-key has re-encrypted everything')
    .option('--json', 'print JSON')
    .action(async (name: string, options: { finish?: boolean; json?: boolean }) => {
      const { rotateSecret } = await import('../commands/secrets.js');
      await rotateSecret(name, options);
    });
}
