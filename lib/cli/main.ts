import { Command, CommanderError, Option } from 'commander';
import { PACKAGE_VERSION } from '../package-info.js';
import { CliError, EXIT } from './exit-codes.js';
import { errorExitCode } from './error-exit-code.js';

/**
 * The data-eng command line: a thin shell over the library. Each command's module is imported only
 * when that command runs, so `data-eng --version` and friends start fast.
 */
export function buildProgram(): Command {
  const program = new Command('data-eng')
    .description(
      'Scaffold and run data-engineering projects: Airflow 3, PostgreSQL, dev containers, plugins.',
    )
    .version(PACKAGE_VERSION, '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  const generatorFlags = (command: Command): Command =>
    command
      .option('--defaults', 'answer every question not given otherwise with its default')
      .option('--answers <file>', 'read answers from a JSON or YAML file with the keys .yo-rc.json stores')
      .option(
        '--force',
        'where your edits conflict with the new rendering, take the new rendering (those keys only)',
      )
      .option('--dry-run', 'print what would be written, write nothing')
      .option('--skip-install', 'do not run plugin hooks after writing')
      .addOption(new Option('--interactive', 'ask questions (default: only when stdin is a terminal)'))
      .option('--no-interactive', 'never ask; a missing answer is an error')
      .option('--json', 'print a JSON summary instead of text')
      .allowUnknownOption(true)
      .helpOption('-h, --help', 'show help; every question also has its own flag, listed in docs/answers.md');

  generatorFlags(
    program
      .command('new')
      .argument('[dir]', 'folder to create the project in', '.')
      .description('create a project (the same generator as `yo data-eng`)'),
  ).action(async (dir: string, options: Record<string, unknown>, command: Command) => {
    const { runNew } = await import('./commands/new.js');
    await runNew(dir, options, command.args.slice(1));
  });

  generatorFlags(
    program
      .command('add')
      .argument('<generator>', 'postgres, airflow or devcontainer')
      .description('add a part to the project in this folder (the same as `yo data-eng:<generator>`)'),
  ).action(async (name: string, options: Record<string, unknown>, command: Command) => {
    const { runAdd } = await import('./commands/add.js');
    await runAdd(name, options, command.args.slice(1));
  });

  return program;
}

/** Run the CLI and return the exit code; errors become one readable message on stderr. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    return EXIT.OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed help, the version, or the usage error.
      return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`data-eng: ${message}\n`);
    return error instanceof CliError ? error.exitCode : errorExitCode(error);
  }
}
