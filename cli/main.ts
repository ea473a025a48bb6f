import { Command, CommanderError } from 'commander';
import { registerGenerators } from './register/generators.js';
import { registerNewPlugin } from './register/new-plugin.js';
import { registerPlugins } from './register/plugins.js';
import { registerHookCommands } from './register/hooks.js';
import { registerAuth } from './register/auth.js';
import { registerDoctor } from './register/doctor.js';
import { registerSecrets } from './register/secrets.js';
import { registerEnv } from './register/env.js';
import { registerAdopt } from './register/adopt.js';
import { PACKAGE_VERSION } from '../lib/package-info.js';
import { CliError, EXIT } from './exit-codes.js';
import { jsonOutput } from '../lib/console/json-output.js';
import { commanderErrorCode, errorCode, errorExitCode } from './error-exit-code.js';

/**
 * The data-eng command line: a thin shell over the library. Each command's module is imported only
 * when that command runs, so `data-eng --version` and friends start fast.
 */
export function buildProgram(): Command {
  const program = new Command('data-eng')
    .description(
      'Scaffold and run data-engineering projects: Airflow 3, PostgreSQL, dev containers, plugins.',
    )
    .version(PACKAGE_VERSION, '-v, --version', 'print the version (-V too)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  registerGenerators(program);
  registerNewPlugin(program);
  registerPlugins(program);
  registerHookCommands(program);
  registerAuth(program);
  registerDoctor(program);
  registerSecrets(program);
  registerEnv(program);
  registerAdopt(program);

  return program;
}

/** Whether the command line asks for JSON (`--json` before any `--`). */
function wantsJson(argv: readonly string[]): boolean {
  const args = argv.slice(2);
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).includes('--json');
}

/** With --json, a failure is one JSON document on stdout too: `{"ok":false,"error":{code,exitCode,message}}`. */
function printJsonError(code: string, exitCode: number, message: string): void {
  process.stdout.write(`${JSON.stringify({ ok: false, error: { code, exitCode, message } })}\n`);
}

/** Run the CLI and return the exit code; errors become one readable message on stderr. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  const json = wantsJson(argv);
  // -V, as many tools spell it, asks for the version too.
  const args = argv[2] === '-V' ? [...argv.slice(0, 2), '--version', ...argv.slice(3)] : [...argv];
  try {
    await program.parseAsync(args);
    return EXIT.OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed help, the version, or the usage error.
      if (error.exitCode === 0) return EXIT.OK;
      if (json)
        printJsonError(commanderErrorCode(error.code), EXIT.USAGE, error.message.replace(/^error: /, ''));
      return EXIT.USAGE;
    }
    const prompt = error instanceof Error && error.name === 'ExitPromptError';
    const message = prompt ? 'cancelled.' : error instanceof Error ? error.message : String(error);
    process.stderr.write(`data-eng: ${message}\n`);
    const exitCode = error instanceof CliError ? error.exitCode : errorExitCode(error);
    if (json && !jsonOutput.printed) printJsonError(errorCode(error, exitCode), exitCode, message);
    return exitCode;
  }
}
