import { EXIT } from './exit-codes.js';

/** Map errors from the library to exit codes by their class name, without importing the classes (start-up cost). */
export function errorExitCode(error: unknown): number {
  const name = error instanceof Error ? error.name : '';
  switch (name) {
    case 'AnswerError':
    case 'ProjectConfigError':
    case 'ProjectFileError':
    case 'PortCollisionError':
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
      return EXIT.INTERRUPTED;
    default:
      return EXIT.FAILURE;
  }
}
