import type { Command } from 'commander';

const ENVIRONMENT_HELP =
  '\nEach environment question has its own flag (--target, --executor, --replicas, --resources, --registry, --image-tag, --pgbouncer, --database-max-connections, --config-layer, --task-logs, --remote-log-folder, --secrets-source, --secrets-store, --secrets-backend); docs/environments.md explains them.';

/** The options `add environment` shares with `add` (what else is a typo). */
export const ADD_ENVIRONMENT_OPTIONS = ['force', 'keep-yours', 'defaults', 'dry-run', 'json', 'help'];

/** `data-eng env ls|diff|add`: the project's environments, from laptop to production. */
export function registerEnv(program: Command): void {
  const env = program
    .command('env')
    .description("the project's environments: where each runs, what it overrides, and how two differ");
  env
    .command('ls')
    .description('list every environment: target, secrets source, overrides and the files made for it')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const { listEnvironments } = await import('../commands/env.js');
      await listEnvironments(options);
    });
  env
    .command('diff')
    .argument('<a>', 'an environment, as env ls names it')
    .argument('<b>', 'another environment')
    .description(
      "print what differs between two environments' renderings, key by key: answers, configuration layer and deployment (never a secret's value)",
    )
    .option('--json', 'print JSON')
    .action(async (a: string, b: string, options: { json?: boolean }) => {
      const { diffEnvironmentsCommand } = await import('../commands/env.js');
      await diffEnvironmentsCommand(a, b, options);
    });
  env
    .command('rm')
    .argument('<name>', 'an environment, as env ls names it')
    .description(
      'remove an environment: its answers, and the files made only for it (the ones you edited are kept unless you say to delete them); the compose one stays while orchestrator-compose is enabled',
    )
    .option('--force', 'where your edits conflict with the new rendering, take the new rendering')
    .option('--keep-yours', 'where your edits conflict with the new rendering, keep yours')
    .option('-y, --yes', 'delete the files of the environment you edited too, without asking')
    .option('--dry-run', 'print what would change, write nothing')
    .option('--json', 'print JSON')
    .action(async (name: string, options: Record<string, unknown>) => {
      const { removeEnvironmentCommand } = await import('../commands/env.js');
      await removeEnvironmentCommand(name, options);
    });
  env
    .command('add')
    .argument('<name>', 'the environment, e.g. staging (lowercase letters, digits, hyphens)')
    .description(
      'declare an environment (or change one) and re-render every file, keeping your edits; the same as data-eng add environment NAME',
    )
    .option('--force', 'where your edits conflict with the new rendering, take the new rendering')
    .option('--keep-yours', 'where your edits conflict with the new rendering, keep yours')
    .option('--defaults', 'take the default for every question no flag answers, also at a terminal')
    .option('--dry-run', 'print what would change, write nothing')
    .option('--json', 'print JSON')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .addHelpText('after', ENVIRONMENT_HELP)
    .action(async (_name: string, options: Record<string, unknown>, command: Command) => {
      const { addEnvironment } = await import('../commands/env.js');
      await addEnvironment(command.args, options, ADD_ENVIRONMENT_OPTIONS);
    });
}
