/** What the data-eng command's exit status means; documented in docs/cli.md. */
export const EXIT = {
  OK: 0,
  /** Something failed that is not one of the cases below. */
  FAILURE: 1,
  /**
   * Bad input: an invalid or missing answer, an unknown command or flag, a plugin that is not installed, no
   * project here, a .yo-rc.json that cannot be used, a link out of the project. Nothing was written.
   */
  USAGE: 2,
  /** Your edits conflict with the new rendering. Nothing was written; resolve or use --force. */
  CONFLICT: 3,
  /** A required tool or service is missing or not running (Docker, compose v2, npm for an install). */
  ENVIRONMENT: 4,
  /** A plugin hook failed or timed out. The project files are complete. */
  HOOK_FAILED: 5,
  /** Services did not become healthy in time. */
  UNHEALTHY: 6,
  /** Interrupted (Ctrl-C). */
  INTERRUPTED: 130,
} as const;

export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = EXIT.FAILURE,
  ) {
    super(message);
  }
}
