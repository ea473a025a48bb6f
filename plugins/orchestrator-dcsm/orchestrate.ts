import { HOOK_EXIT, PluginError } from '../../lib/plugins/public-api.js';
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

/** The verb this run asks for: the CLI's action, or `up` after scaffolding with --up. */
export function requestedAction(options: Readonly<Record<string, unknown>>): string | undefined {
  if (options.phase === 'scaffold') return options.up ? 'up' : undefined;
  return typeof options.action === 'string' ? options.action : undefined;
}

/** The orchestrate hook: up, down, status and logs of the project's services.yaml, one namespace per branch. */
export async function orchestrate(ctx: HookContext): Promise<void> {
  const runner = (ctx.answers.runner ?? 'builtin') as Runner;
  const action = requestedAction(ctx.options);
  if (runner === 'none' || action === undefined) return;
  const run = ACTIONS[action as keyof typeof ACTIONS];
  if (!run)
    throw new Error(`orchestrator-dcsm cannot "${action}"; it knows ${Object.keys(ACTIONS).join(', ')}.`);
  if (ctx.config['orchestrator-compose']) {
    throw new PluginError(
      'Both orchestrator-compose and orchestrator-dcsm would run the stack; keep one: data-eng plugins remove orchestrator-compose (or set "runner": "none" under orchestrator-dcsm in .yo-rc.json to keep only its services.yaml).',
      HOOK_EXIT.usage,
    );
  }
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
