import type { HookContext } from '../../lib/plugins/public-api.js';
import { EngineClient } from './engine-client.js';
import { SHORT_KEY } from './image-names.js';
import { keyRecordFile, writeKeyRecord } from './key-record.js';
import { fingerprintAll, imageIdentities, runBuild, warnCacheInContext } from './run-build.js';
import { resolveSettings } from './settings.js';
import { relative } from 'node:path';

/**
 * After scaffolding: compute and record every stage's key, and build only with --build (a first Airflow
 * image pulls gigabytes). Needs no engine: without one, base images count by reference (weaker keys).
 */
export async function recordKeys(ctx: HookContext): Promise<void> {
  if (ctx.options.build) {
    await runBuild(ctx);
    return;
  }
  let platform = resolveSettings(ctx).platform;
  let engine: EngineClient | undefined;
  try {
    engine = new EngineClient();
    platform ||= (await engine.version()).platform;
  } catch {
    // No engine yet is fine after scaffolding: the keys just cannot name base images by their IDs.
    engine = undefined;
    platform ||= 'engine-default';
  }
  const fingerprints = await fingerprintAll(ctx, platform, imageIdentities(engine));
  const record = writeKeyRecord(ctx.projectDir, fingerprints);
  warnCacheInContext(ctx, fingerprints);
  const summary = Object.entries(record.builds)
    .map(
      ([build, { stages }]) =>
        `${build}: ${Object.entries(stages)
          .map(([stage, { key }]) => `${stage} ${key.slice(0, SHORT_KEY)}`)
          .join(', ')}`,
    )
    .join('; ');
  if (summary) {
    ctx.logger.info(
      `Build fingerprints recorded in ${relative(ctx.projectDir, keyRecordFile(ctx.projectDir))} (${summary}); data-eng build builds only what changed.`,
    );
  }
  ctx.report('keys', record);
}
