import type { HookContext } from '../../lib/plugins/public-api.js';
import { composeDown } from './compose-down.js';
import { composeLogs } from './compose-logs.js';
import { openComposeProject } from './compose-project.js';
import { composeStatus } from './compose-status.js';
import { composeUp } from './compose-up.js';
import { composeAlterRole, composeRecreate } from './compose-secrets.js';

const ACTIONS = {
  up: composeUp,
  down: composeDown,
  status: composeStatus,
  logs: composeLogs,
  'alter-role': composeAlterRole,
  recreate: composeRecreate,
} as const;

/** The orchestrate hook: up, down, status and logs through compose v2, and the running steps of secrets rotate. */
export async function orchestrate(ctx: HookContext): Promise<void> {
  const action = ctx.action;
  if (action === undefined) return;
  const run = ACTIONS[action as keyof typeof ACTIONS];
  if (!run) {
    throw new Error(`orchestrator-compose cannot "${action}"; it knows ${Object.keys(ACTIONS).join(', ')}.`);
  }
  await run(await openComposeProject(ctx));
}
