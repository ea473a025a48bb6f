import { readProjectFile } from '../fs/project-paths.js';
import type { Stack } from '../model/stack.js';
import type { ProjectConfig } from '../config/project-config.js';
import { answersOf } from '../config/project-config.js';
import { generateSecret } from '../secrets/generate-secret.js';
import { type KeptSetting, renderEnv, updateEnvSettings } from '../render/render-env.js';
import { parseDotenv } from '../config/dotenv.js';
import { loadContributors } from '../plugins/load-plugins.js';
import type { Contributor } from './build-stack.js';
import { buildStack } from './build-stack.js';
import type { RenderedFile } from './render-project.js';
import { ENV_EXAMPLE, renderProject } from './render-project.js';
import type { FileWrite, Reconciliation } from './reconcile.js';
import { reconcile, RENDERED_RECORD } from './reconcile.js';

export const ENV_FILE = '.env';

export interface ProjectPlan {
  readonly stack: Stack;
  readonly contributors: readonly Contributor[];
  readonly files: readonly RenderedFile[];
  readonly reconciliation: Reconciliation;
  /** Every write, .env and the rendering record included, in order. */
  readonly writes: readonly FileWrite[];
  /** Settings in .env the user set to their own values, which now differ from the answers: kept, reported. */
  readonly keptSettings: readonly KeptSetting[];
}

/**
 * From answers to the exact set of writes: rebuild the Stack, render every derived file,
 * merge each with the user's copy, and top up .env with any missing variables (never changing existing ones).
 */
export async function planProject(
  projectDir: string,
  config: ProjectConfig,
  options: { preferTheirs: boolean },
): Promise<ProjectPlan> {
  if (!answersOf(config, 'project').name) {
    throw new Error(
      `The project has no name in its answers; run data-eng new, or add "project": {"name": ...} to .yo-rc.json.`,
    );
  }
  const contributors = await loadContributors(projectDir, config);
  const stack = buildStack(config, contributors);
  const files = renderProject(stack, config, contributors);
  const reconciliation = await reconcile(projectDir, files, options);
  const readEnv = await readProjectFile(projectDir, ENV_FILE);
  let existingEnv = readEnv;
  let keptSettings: readonly KeptSetting[] = [];
  if (readEnv !== undefined) {
    // A changed answer reaches .env: the settings still at their last rendered default take the new value.
    const updated = updateEnvSettings(
      stack,
      readEnv,
      parseDotenv(readEnv),
      parseDotenv(reconciliation.previous[ENV_EXAMPLE] ?? ''),
    );
    existingEnv = updated.text;
    keptSettings = updated.kept;
  }
  const env = renderEnv(stack, existingEnv, (secret) => generateSecret(secret.kind));
  const writes: FileWrite[] = [...reconciliation.writes];
  if (env !== readEnv) writes.push({ path: ENV_FILE, content: env, mode: 0o600 });
  if (reconciliation.recordChanged) writes.push({ path: RENDERED_RECORD, content: reconciliation.record });
  return { stack, contributors, files, reconciliation, writes, keptSettings };
}
