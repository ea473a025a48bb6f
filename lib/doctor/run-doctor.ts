import type { CheckResult, DoctorCheck, DoctorContext } from './check.js';

/**
 * Run the checks side by side and return their results in the checks' order. A check that throws becomes a
 * failed result naming the check, so one broken check never hides the others.
 */
export async function runDoctor(
  checks: readonly DoctorCheck[],
  context: DoctorContext,
): Promise<CheckResult[]> {
  const groups = await Promise.all(
    checks.map(async (check) => {
      try {
        return await check.run(context);
      } catch (error) {
        const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
        return [
          {
            id: check.id,
            title: `Check "${check.id}"`,
            status: 'fail' as const,
            detail: `The check itself failed: ${reason}`,
            fix: 'Run data-eng doctor again; if it keeps failing, report it with this message.',
          },
        ];
      }
    }),
  );
  return groups.flat();
}

/** Whether any result failed (warnings and skips do not fail the run). */
export function anyFailed(results: readonly CheckResult[]): boolean {
  return results.some((result) => result.status === 'fail');
}

const MARK = { pass: 'ok  ', fail: 'FAIL', warn: 'warn', skip: 'skip' } as const;

/** One line per result, and the fix under every failure or warning. */
export function formatResults(results: readonly CheckResult[]): string {
  return results
    .flatMap((r) => [
      `${MARK[r.status]}  ${r.title}: ${r.detail}`,
      ...(r.fix && r.status !== 'pass' ? [`      fix: ${r.fix}`] : []),
    ])
    .join('\n');
}
