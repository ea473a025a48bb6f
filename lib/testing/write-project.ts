import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProjectConfig } from '../config/project-config.js';
import { CONFIG_KEY, YO_RC } from '../config/project-config.js';
import type { Stack } from '../model/stack.js';
import { ENV_FILE } from '../project/plan-project.js';
import { formatConflicts, reconcile, RENDERED_RECORD } from '../project/reconcile.js';
import type { RenderedFile } from '../project/render-project.js';
import { writePlan } from '../project/write-plan.js';
import { renderEnv } from '../render/render-env.js';
import { generateSecret } from '../secrets/generate-secret.js';

/**
 * Write a rendered project to a folder the way data-eng does: each file merged three ways with what is
 * there, .env kept and only topped up (a fresh one is `envText`), the rendering record and .yo-rc.json.
 */
export async function writeProject(
  dir: string,
  stack: Stack,
  config: ProjectConfig,
  rendered: readonly RenderedFile[],
  envText: string,
): Promise<void> {
  const reconciliation = await reconcile(dir, rendered, { preferTheirs: false });
  if (reconciliation.conflicts.length > 0) {
    throw new Error(
      `The project in ${dir} has edits that conflict with this rendering:\n${formatConflicts(reconciliation.conflicts)}\nWrite to an empty folder instead.`,
    );
  }
  let existingEnv: string | undefined;
  try {
    existingEnv = await readFile(join(dir, ENV_FILE), 'utf8');
  } catch {
    existingEnv = undefined;
  }
  const env =
    existingEnv === undefined
      ? envText
      : renderEnv(stack, existingEnv, (secret) => generateSecret(secret.kind));
  await writePlan(dir, [
    ...reconciliation.writes,
    { path: ENV_FILE, content: env, mode: 0o600 },
    { path: RENDERED_RECORD, content: reconciliation.record },
    { path: YO_RC, content: JSON.stringify({ [CONFIG_KEY]: config }, null, 2) + '\n' },
  ]);
}
