import type { HookContext } from '../../lib/plugins/public-api.js';
import { dcmArguments, dcmMissing, findDcm, runDcm } from './dcm-delegate.js';
import { openDcsmProject } from './dcsm-project.js';
import { runnerDown } from './runner-down.js';
import { runnerLogs } from './runner-logs.js';
import { runnerStatus } from './runner-status.js';
import { runnerUp } from './runner-up.js';

const ACTIONS = { up: runnerUp, down: runnerDown, status: runnerStatus, logs: runnerLogs } as const;

/** builtin (the dockerode runner), dcm (DCSM's own CLI), or none (services.yaml only). */
export type Runner = 'builtin' | 'dcm' | 'none';

/** The orchestrate hook: up, down, status and logs of the project's services.yaml, one namespace per branch. */
export async function orchestrate(ctx: HookContext): Promise<void> {
  const runner = (ctx.answers.runner ?? 'builtin') as Runner;
  const action = ctx.action;
  if (runner === 'none' || action === undefined) return;
  const run = ACTIONS[action as keyof typeof ACTIONS];
  if (!run)
    throw new Error(`orchestrator-dcsm cannot "${action}"; it knows ${Object.keys(ACTIONS).join(', ')}.`);
  const project = await openDcsmProject(ctx);
  const args = runner === 'dcm' ? dcmArguments(action, project) : undefined;
  if (args) {
    const dcm = await findDcm();
    if (!dcm) throw dcmMissing();
    await runDcm(dcm, args, project);
    return;
  }
  await run(project);
}
