import type { HookContext } from '../../lib/plugins/public-api.js';
import { HOOK_EXIT, PluginError } from '../../lib/plugins/public-api.js';
import { resolveTarget } from './build-images.js';
import type { TargetResult } from './build-types.js';
import { EngineClient } from './engine-client.js';
import { contextSnapshot, fingerprintBuild, type BuildFingerprint } from './fingerprint.js';
import { expectedImages, readKeyRecord, writeKeyRecord } from './key-record.js';
import { imageTags, keyReference } from './image-names.js';
import { resolveSettings } from './settings.js';
import type { ImageIdentity } from './stage-keys.js';
import type { ContextSnapshot } from './context-types.js';

/** Identity of external images: the engine's image ID when it has the image, else the reference (weak). */
export function imageIdentities(
  engine: EngineClient | undefined,
): (reference: string) => Promise<ImageIdentity> {
  const known = new Map<string, Promise<ImageIdentity>>();
  return (reference) => {
    let identity = known.get(reference);
    if (!identity) {
      const pinned = /@sha256:[a-f0-9]{64}$/.test(reference);
      identity = (engine ? engine.inspectImage(reference) : Promise.resolve(undefined)).then((info) =>
        info ? { id: info.Id, weak: false } : { id: `ref:${reference}`, weak: !pinned },
      );
      known.set(reference, identity);
    }
    return identity;
  };
}

/** The build cache's own files must not travel with the context: say how to leave them out. */
export function warnCacheInContext(ctx: HookContext, fingerprints: readonly BuildFingerprint[]): void {
  for (const path of new Set(fingerprints.flatMap((fp) => fp.cacheNotIgnored ?? []))) {
    ctx.logger.warn(
      `The build context sends ${path}, the build cache's own files; add "${path.split('/')[0]}" to .dockerignore so builds leave it out.`,
    );
  }
}

/** Fingerprint every image build of the project; builds sharing a context walk it once. */
export async function fingerprintAll(
  ctx: HookContext,
  platform: string,
  identity: (reference: string) => Promise<ImageIdentity>,
  snapshots = new Map<string, Promise<ContextSnapshot>>(),
): Promise<BuildFingerprint[]> {
  const out: BuildFingerprint[] = [];
  for (const build of Object.values(ctx.stack.builds)) {
    out.push(
      await fingerprintBuild({
        projectDir: ctx.projectDir,
        build,
        platform,
        imageIdentity: identity,
        snapshots,
      }),
    );
  }
  return out;
}

function formatResults(results: readonly TargetResult[]): string {
  const label = (r: TargetResult): string => `${r.build}:${r.target}`;
  const width = Math.max(...results.map((r) => label(r).length));
  const said: Record<TargetResult['status'], string> = {
    hit: 'cached',
    shared: 'reused',
    pulled: 'pulled',
    built: 'built',
  };
  return results
    .map((r) => {
      const extra = [
        r.from ? `from ${r.from}` : '',
        r.pushed.length ? `pushed to ${r.pushed[0]!.slice(0, r.pushed[0]!.lastIndexOf('/'))}` : '',
      ].filter(Boolean);
      return `${label(r).padEnd(width)}  ${said[r.status].padEnd(6)}  ${r.image}  ${r.seconds.toFixed(2)} s${extra.length ? `  (${extra.join(', ')})` : ''}`;
    })
    .join('\n');
}

/**
 * `data-eng build [--target T] [--no-cache] [--push]`: every stage of every image build (or just T),
 * each taken from the cheapest place that has its key. Reports a table, and `build` for --json.
 */
export async function runBuild(ctx: HookContext): Promise<TargetResult[]> {
  const settings = resolveSettings(ctx);
  if (ctx.options.push === true && !settings.registry) {
    throw new PluginError(
      'data-eng build --push needs a cache registry; set "registry" under "build-cache" in .yo-rc.json or DATA_ENG_CACHE_REGISTRY.',
      HOOK_EXIT.usage,
    );
  }
  const wanted = typeof ctx.options.target === 'string' ? ctx.options.target : undefined;
  // A target no build has is bad input: say so before asking the engine anything.
  const builds = Object.values(ctx.stack.builds);
  if (wanted && !builds.some((build) => build.stages.includes(wanted))) {
    const stages = [...new Set(builds.flatMap((build) => build.stages))];
    throw new PluginError(
      `Unknown target "${wanted}". Choose one of: ${stages.join(', ')}.`,
      HOOK_EXIT.usage,
    );
  }
  const engine = new EngineClient();
  const version = settings.platform ? undefined : engine.version();
  // Awaited below, after the prefetch requests go out; until then an engine that does not answer must not
  // become an unhandled rejection (it is reported where it is awaited).
  version?.catch(() => undefined);
  if (ctx.options.cache !== false)
    engine.prefetchImages(expectedImages(readKeyRecord(ctx.projectDir), ctx.stack.project.name, wanted));
  // The context walks run while the engine answers; a walk blocks the event loop, so the requests go out first.
  await engine.requestsSent();
  const snapshots = new Map<string, Promise<ContextSnapshot>>();
  for (const build of Object.values(ctx.stack.builds))
    void contextSnapshot(ctx.projectDir, build, snapshots).catch(() => undefined);
  const platform = settings.platform || (await version!).platform;
  const fingerprints = await fingerprintAll(ctx, platform, imageIdentities(engine), snapshots);
  const targetsOf = (build: (typeof builds)[number]): string[] =>
    wanted ? build.stages.filter((s) => s === wanted) : [...build.stages];
  // On a hit, looking up each stage's own image is all the engine is asked: ask for them all at once.
  if (ctx.options.cache !== false)
    engine.prefetchImages(
      builds.flatMap((build, index) =>
        targetsOf(build).flatMap((target) => {
          const stage = fingerprints[index]!.stages.find((s) => s.stage === target.toLowerCase());
          return stage ? [imageTags(ctx.stack.project.name, build.name, target, stage.key).keyed] : [];
        }),
      ),
    );
  const results: TargetResult[] = [];
  for (const [index, build] of builds.entries()) {
    // After a missing base image is pulled, the build is keyed again (its context walk is reused).
    const rekey = async (): Promise<BuildFingerprint> =>
      (fingerprints[index] = await fingerprintBuild({
        projectDir: ctx.projectDir,
        build,
        platform,
        imageIdentity: imageIdentities(engine),
        snapshots,
      }));
    const cacheFrom: string[] = [];
    for (const target of targetsOf(build)) {
      ctx.signal.throwIfAborted();
      const result = await resolveTarget({
        ctx,
        engine,
        settings,
        build,
        fingerprint: fingerprints[index]!,
        target,
        cacheFrom,
        rekey,
      });
      if (result.status === 'pulled') cacheFrom.push(keyReference(settings.registry, result.key));
      results.push(result);
    }
  }
  warnCacheInContext(ctx, fingerprints);
  for (const reason of new Set(results.flatMap((r) => r.weak)))
    ctx.logger.warn(`Fingerprint is weaker: ${reason}.`);
  writeKeyRecord(ctx.projectDir, fingerprints);
  const snapshot = fingerprints[0]?.contextStats;
  ctx.report('build', {
    project: ctx.stack.project.name,
    platform,
    targets: results,
    context: snapshot
      ? { files: snapshot.files, hashedFiles: snapshot.hashedFiles, ms: Math.round(snapshot.ms) }
      : undefined,
  });
  ctx.report('text', results.length ? formatResults(results) : 'This project has no image builds.');
  return results;
}
