import { Command, CommanderError } from 'commander';
import { registerGenerators } from './register/generators.js';
import { registerNewPlugin } from './register/new-plugin.js';
import { registerPlugins } from './register/plugins.js';
import { registerHookCommands } from './register/hooks.js';
import { registerAuth } from './register/auth.js';
import { registerDoctor } from './register/doctor.js';
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

  registerGenerators(program);
  registerNewPlugin(program);
  registerPlugins(program);
  registerHookCommands(program);
  registerAuth(program);
  registerDoctor(program);

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
