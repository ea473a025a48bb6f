/**
 * Exit statuses of data-eng that an orchestrator failure maps to (docs/cli.md). A plugin cannot import the
 * CLI's table, so the numbers are repeated here; the hook runner keeps `exitCode` of the error it catches.
 */
export const EXIT_CODE = {
  /** A refused request, such as deleting volumes without --yes and without a terminal to ask on. */
  usage: 2,
  /** Docker or compose v2 is missing or not running. */
  environment: 4,
  /** Services did not become healthy in time. */
  unhealthy: 6,
} as const;

/** An orchestrator failure with the data-eng exit status it should end with. */
export class OrchestratorError extends Error {
  override readonly name = 'OrchestratorError';
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}
