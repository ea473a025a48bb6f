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

/** The whole command line as typed, from the root command. */
function rawArgsOf(command: Command): readonly string[] {
  let root = command;
  while (root.parent) root = root.parent;
  return (root as Command & { rawArgs?: string[] }).rawArgs ?? [];
}

/** `data-eng new` and `data-eng add`: the generators, run through yeoman-environment. */
export function registerGenerators(program: Command): void {
  generatorFlags(
    program
      .command('new')
      .argument('[dir]', 'folder to create the project in', '.')
      .description('create a project (the same generator as `yo data-eng`)'),
  ).action(async (dir: string, options: Record<string, unknown>, command: Command) => {
    const [{ runNew }, { checkGeneratorCommand }] = await Promise.all([
      import('../commands/new.js'),
      import('../generator-args.js'),
    ]);
    // Flags commander does not know (every question's own flag, e.g. --postgres-version 16) go to the
    // generator as they are, once checked against its questions.
    const extra = command.args.slice(1);
    const { resolve } = await import('node:path');
    await checkGeneratorCommand('data-eng new', 'app', resolve(dir), options, extra, rawArgsOf(command));
    await runNew(dir, options, extra);
  });

  generatorFlags(
    program
      .command('add')
      .argument('<generator>', 'postgres, airflow, devcontainer or windows-auth')
      .description('add a part to the project in this folder (the same as `yo data-eng:<generator>`)'),
  ).action(async (name: string, options: Record<string, unknown>, command: Command) => {
    const [{ runAdd }, { checkGeneratorCommand }] = await Promise.all([
      import('../commands/add.js'),
      import('../generator-args.js'),
    ]);
    const extra = command.args.slice(1);
    // An unknown part is runAdd's to report, naming the parts there are.
    const { GENERATOR_NAMES } = await import('../run-generator.js');
    if ((GENERATOR_NAMES as readonly string[]).includes(name) && name !== 'app')
      await checkGeneratorCommand(
        `data-eng add ${name}`,
        name,
        process.cwd(),
        options,
        extra,
        rawArgsOf(command),
      );
    await runAdd(name, options, extra);
  });
}
