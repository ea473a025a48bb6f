import { GENERAL_CHECKS } from '../../lib/doctor/checks/index.js';
import { KERBEROS_CHECKS } from '../../lib/doctor/checks/kerberos.js';
import type { DoctorCheck, DoctorContext } from '../../lib/doctor/check.js';
import { anyFailed, formatResults, runDoctor } from '../../lib/doctor/run-doctor.js';
import { findProjectDir, openProject } from '../../lib/project/open-project.js';
import { CliError, EXIT } from '../exit-codes.js';
import { printResult } from '../../lib/console/progress.js';
import '../catalog.js';

async function projectContext(): Promise<{ project?: DoctorContext['project']; problem?: string }> {
  if (!findProjectDir(process.cwd())) return {};
  try {
    return { project: await openProject(process.cwd()) };
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * `data-eng doctor [--json]`: run the checks, print pass or fail with the fix for each, and exit 4
 * (ENVIRONMENT) when any failed. Project checks run when the current folder is inside a project.
 */
export async function runDoctorCommand(
  options: { json?: boolean },
  checks: readonly DoctorCheck[] = [...GENERAL_CHECKS, ...KERBEROS_CHECKS],
): Promise<void> {
  const { project, problem } = await projectContext();
  const controller = new AbortController();
  const onSignal = (): void => controller.abort(new Error('interrupted'));
  process.once('SIGINT', onSignal);
  try {
    const context: DoctorContext = {
      env: process.env,
      signal: controller.signal,
      ...(project ? { project } : {}),
    };
    const results = await runDoctor(checks, context);
    if (problem) {
      results.push({
        id: 'project',
        title: 'The project opens',
        status: 'fail',
        detail: problem,
        fix: 'Fix .yo-rc.json as the message says; project checks were skipped.',
      });
    }
    const failed = results.filter((r) => r.status === 'fail').length;
    printResult({ json: Boolean(options.json) }, { ok: failed === 0, results }, () => formatResults(results));
    if (anyFailed(results)) {
      throw new CliError(
        `${failed} check${failed === 1 ? '' : 's'} failed; apply the fix shown for each and run data-eng doctor again.`,
        EXIT.ENVIRONMENT,
      );
    }
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
}
