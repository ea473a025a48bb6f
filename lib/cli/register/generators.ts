import { type Command, Option } from 'commander';

function generatorFlags(command: Command): Command {
  return command
    .option('--defaults', 'answer every question not given otherwise with its default')
    .option('--answers <file>', 'read answers from a JSON or YAML file with the keys .yo-rc.json stores')
    .option(
      '--force',
      'where your edits conflict with the new rendering, take the new rendering (those keys only)',
    )
    .option('--dry-run', 'print what would be written, write nothing')
    .option('--skip-install', 'do not run plugin hooks after writing')
    .option('--build', 'after writing, build the images (build-cache plugin)')
    .option('--up', 'after writing, bring the stack up healthy (orchestrator plugin)')
    .addOption(new Option('--interactive', 'ask questions (default: only when stdin is a terminal)'))
    .option('--no-interactive', 'never ask; a missing answer is an error')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .addHelpText(
      'after',
      '\nEvery question also has its own flag (e.g. --postgres-version 16); docs/answers.md lists them all.',
    );
}

/** `data-eng new` and `data-eng add`: the generators, run through yeoman-environment. */
export function registerGenerators(program: Command): void {
  generatorFlags(
    program
      .command('new')
      .argument('[dir]', 'folder to create the project in', '.')
      .description('create a project (the same generator as `yo data-eng`)'),
  ).action(async (dir: string, options: Record<string, unknown>, command: Command) => {
    const { runNew } = await import('../commands/new.js');
    // Unknown flags (every question's own flag, e.g. --postgres-version 16) go to the generator as they are.
    await runNew(dir, options, command.args.slice(1));
  });

  generatorFlags(
    program
      .command('add')
      .argument('<generator>', 'postgres, airflow, devcontainer or windows-auth')
      .description('add a part to the project in this folder (the same as `yo data-eng:<generator>`)'),
  ).action(async (name: string, options: Record<string, unknown>, command: Command) => {
    const { runAdd } = await import('../commands/add.js');
    await runAdd(name, options, command.args.slice(1));
  });
}
