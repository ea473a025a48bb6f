import { HOOK_EXIT, PluginError } from '../../lib/plugins/public-api.js';
import type { HookContext } from '../../lib/plugins/public-api.js';
import { composeDown } from './compose-down.js';
import { composeLogs } from './compose-logs.js';
import { openComposeProject } from './compose-project.js';
import { composeStatus } from './compose-status.js';
import { composeUp } from './compose-up.js';

const ACTIONS = { up: composeUp, down: composeDown, status: composeStatus, logs: composeLogs } as const;

/** The verb this run asks for: the CLI's action, or `up` after scaffolding with --up. */
export function requestedAction(options: Readonly<Record<string, unknown>>): string | undefined {
  if (options.phase === 'scaffold') return options.up ? 'up' : undefined;
  return typeof options.action === 'string' ? options.action : undefined;
}

/** Both runtime orchestrators enabled would start the same stack twice, on the same ports. */
export function assertSingleRunner(ctx: HookContext): void {
  const dcsm = ctx.config['orchestrator-dcsm'];
  if (dcsm && (dcsm.runner ?? 'builtin') !== 'none') {
    throw new PluginError(
      'Both orchestrator-compose and orchestrator-dcsm would run the stack; keep one: data-eng plugins remove orchestrator-dcsm (or set "runner": "none" under orchestrator-dcsm in .yo-rc.json to keep only its services.yaml).',
      HOOK_EXIT.usage,
    );
  }
}

/** The orchestrate hook: up, down, status and logs through compose v2. */
export async function orchestrate(ctx: HookContext): Promise<void> {
  const action = requestedAction(ctx.options);
  if (action === undefined) return;
  const run = ACTIONS[action as keyof typeof ACTIONS];
  if (!run) {
    throw new Error(`orchestrator-compose cannot "${action}"; it knows ${Object.keys(ACTIONS).join(', ')}.`);
  }
  assertSingleRunner(ctx);
  await run(await openComposeProject(ctx));
}
