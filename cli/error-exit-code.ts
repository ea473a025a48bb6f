import { EXIT } from './exit-codes.js';

/** Map errors from the library to exit codes by their class name, without importing the classes (start-up cost). */
export function errorExitCode(error: unknown): number {
  const name = error instanceof Error ? error.name : '';
  switch (name) {
    case 'AnswerError':
    case 'ProjectConfigError':
    case 'ProjectFileError':
    case 'PortCollisionError':
    case 'NoProjectError':
    case 'PluginNotFoundError':
    case 'NotATemplateProjectError':
    case 'AdoptionBlockedError':
      return EXIT.USAGE;
    case 'ConflictError':
      return EXIT.CONFLICT;
    case 'EnvironmentError':
      return EXIT.ENVIRONMENT;
    case 'HookError': {
      const { exitCode, reason } = error as { exitCode?: number; reason?: string };
      return exitCode ?? (reason === 'aborted' ? EXIT.INTERRUPTED : EXIT.HOOK_FAILED);
    }
    case 'AbortError':
      // 128 + the signal's number, as a shell reports a process the signal stopped.
      return (error as { signal?: unknown }).signal === 'SIGTERM' ? 143 : EXIT.INTERRUPTED;
    case 'ExitPromptError': // inquirer's, when Ctrl-C closes a question
      return EXIT.INTERRUPTED;
    default:
      return EXIT.FAILURE;
  }
}

/** The stable `error.code` of `--json` output for each kind of failure the library names. */
const CODES_BY_NAME: Readonly<Record<string, string>> = {
  AnswerError: 'invalid-answer',
  ProjectConfigError: 'invalid-project-config',
  ProjectFileError: 'outside-project',
  PortCollisionError: 'port-collision',
  NoProjectError: 'no-project',
  PluginNotFoundError: 'plugin-not-found',
  NotATemplateProjectError: 'not-a-template-project',
  AdoptionBlockedError: 'adoption-blocked',
  ConflictError: 'conflict',
  EnvironmentError: 'environment',
  AbortError: 'interrupted',
  ExitPromptError: 'interrupted',
};

/** The code for an exit status when the error has no more precise name (docs/cli.md lists both). */
const CODES_BY_EXIT: Readonly<Record<number, string>> = {
  [EXIT.FAILURE]: 'failure',
  [EXIT.USAGE]: 'usage',
  [EXIT.CONFLICT]: 'conflict',
  [EXIT.ENVIRONMENT]: 'environment',
  [EXIT.HOOK_FAILED]: 'hook-failed',
  [EXIT.UNHEALTHY]: 'unhealthy',
  [EXIT.INTERRUPTED]: 'interrupted',
};

/** The stable `error.code` for `--json`: by the error's name, a hook's reason, or else its exit status. */
export function errorCode(error: unknown, exitCode: number): string {
  const name = error instanceof Error ? error.name : '';
  if (name === 'HookError') {
    const { reason } = error as { reason?: string };
    if (reason === 'timeout') return 'hook-timeout';
    if (reason === 'aborted') return 'interrupted';
  }
  return CODES_BY_NAME[name] ?? CODES_BY_EXIT[exitCode] ?? 'failure';
}

/** commander's codes (`commander.unknownOption`) in the same spelling: `unknown-option`. */
export function commanderErrorCode(code: string): string {
  return code.replace(/^commander\./, '').replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}
