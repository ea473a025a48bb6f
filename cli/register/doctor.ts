import type { Command } from 'commander';

/** `data-eng doctor`: is this machine ready to run the project? */
export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description(
      'check Docker, compose v2, memory/CPUs/disk, the project ports and WSL2 pitfalls; exits 4 when a check fails',
    )
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const { runDoctorCommand } = await import('../commands/doctor.js');
      await runDoctorCommand(options);
    });
}
