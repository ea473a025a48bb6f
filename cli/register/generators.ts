import { type Command, Option } from 'commander';
import { COMMON_OPTIONS } from '../../lib/generator/common-options.js';
import { COMPONENT_LIST } from '../../lib/project/catalog.js';

function generatorFlags(command: Command): Command {
  for (const option of COMMON_OPTIONS) {
    const value = 'valueName' in option ? ` <${option.valueName}>` : '';
    command.addOption(new Option(`--${option.flag}${value}`, option.description));
    if ('negated' in option) command.option(`--no-${option.flag}`, option.negated);
  }
  return command
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .addHelpText(
      'after',
      "\nEvery question also has its own flag (e.g. --postgres-version 16), the enabled plugins' too (e.g. --k8s-database chart with --plugins ...,orchestrator-kubernetes); docs/answers.md lists them all.",
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
  ).action(async (_dir: string, options: Record<string, unknown>, command: Command) => {
    const [{ runNew }, { checkGeneratorCommand }, { resolve }] = await Promise.all([
      import('../commands/new.js'),
      import('../generator-args.js'),
      import('node:path'),
    ]);
    // Flags commander does not know (every question's own flag, e.g. --postgres-version 16) go to the
    // generator as they are, once checked against its questions. The folder is read from the same walk:
    // commander cannot tell a question's value from a folder name.
    const { positionals, flags } = await checkGeneratorCommand(
      'data-eng new',
      'app',
      resolve('.'),
      options,
      command.args,
      rawArgsOf(command),
    );
    const dir = positionals[0] ?? '.';
    await runNew(dir, options, flags);
  });

  generatorFlags(
    program
      .command('add')
      .argument('<generator>', `${COMPONENT_LIST}; or environment NAME (see data-eng env add --help)`)
      .description('add a part to the project in this folder (the same as `yo data-eng:<generator>`)'),
  ).action(async (_name: string, options: Record<string, unknown>, command: Command) => {
    const [{ runAdd }, { checkGeneratorCommand }, { GENERATOR_NAMES }] = await Promise.all([
      import('../commands/add.js'),
      import('../generator-args.js'),
      import('../run-generator.js'),
    ]);
    // The part is the first name that stands alone, wherever it is among the flags.
    const parts = GENERATOR_NAMES.filter((generator) => generator !== 'app') as readonly string[];
    const name =
      command.args.find((arg) => parts.includes(arg)) ??
      command.args.find((arg) => !arg.startsWith('-')) ??
      '';
    if (command.args.find((arg) => !arg.startsWith('-')) === 'environment') {
      const [{ addEnvironment }, { ADD_ENVIRONMENT_OPTIONS }] = await Promise.all([
        import('../commands/env.js'),
        import('./env.js'),
      ]);
      const own = command.options.map((option) => option.long?.replace(/^--/, '')).filter(Boolean);
      const words = command.args.filter((_arg, index) => index !== command.args.indexOf('environment'));
      await addEnvironment(words, options, [...new Set([...ADD_ENVIRONMENT_OPTIONS, ...(own as string[])])]);
      return;
    }
    // An unknown part is runAdd's to report, naming the parts there are.
    let flags: readonly string[] = command.args.filter((arg) => arg !== name);
    if (parts.includes(name)) {
      const parsed = await checkGeneratorCommand(
        `data-eng add ${name}`,
        name,
        process.cwd(),
        options,
        command.args,
        rawArgsOf(command),
      );
      flags = parsed.flags;
    }
    await runAdd(name, options, flags);
  });
}
