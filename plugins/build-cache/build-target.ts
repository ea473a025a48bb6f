import { STATUS, type ResolvedStage, type TargetRequest, type TargetResult } from './build-types.js';
import { resolveBuildSecrets } from './build-args.js';
import { buildWithBuildKit } from './buildkit-build.js';
import { findLocalImage, type CachedImage } from './find-cached-image.js';
import { imageLabels, keyReference, registryReference } from './image-names.js';
import { withKeyLock } from './key-lock.js';
import { pullCachedImage } from './pull-cached-image.js';
import { pullImage, pushImage } from './registry.js';

/**
 * The slow path of one target: with the key's lock held, ask the engine again (a build of the same key
 * may have finished in another process meanwhile), then the registry, and only then BuildKit. A fresh
 * build is pushed when a registry is set; `found` is an image already in the engine that --push sends.
 */
export async function buildTarget(
  request: TargetRequest,
  resolved: ResolvedStage,
  found: CachedImage | undefined,
): Promise<TargetResult> {
  const { ctx, engine, settings, fingerprint, target } = request;
  const { stage, tags } = resolved;
  if (found) return pushResult(request, resolved.result(STATUS[found.source], found.id, found.from), false);
  const useCache = ctx.options.cache !== false;
  return withKeyLock(
    stage.key,
    ctx.signal,
    (owner) => ctx.logger.info(`Waiting for process ${owner.pid}, which is building ${tags.keyed} too.`),
    async () => {
      const again = useCache ? await findLocalImage(engine, stage.key, tags) : undefined;
      if (again)
        return pushResult(request, resolved.result(STATUS[again.source], again.id, again.from), false);
      if (useCache && settings.registry) {
        const pulled = await ctx.progress.step(
          `Looking for ${tags.keyed} in ${settings.registry}`,
          (update) =>
            pullCachedImage(engine, {
              registry: settings.registry,
              key: stage.key,
              tags,
              signal: ctx.signal,
              onLine: update,
              warn: (message) => ctx.logger.warn(message),
            }),
        );
        if (pulled) return pushResult(request, resolved.result('pulled', pulled.id, pulled.from), false);
      }
      const { podman } = await engine.version();
      await ctx.progress.step(`Building ${tags.keyed}`, (update) =>
        buildWithBuildKit({
          podman,
          context: fingerprint.context,
          dockerfile: fingerprint.dockerfile,
          target,
          args: fingerprint.args,
          secrets: resolveBuildSecrets(request.build, ctx.projectDir),
          platform: settings.platform,
          tags: [tags.keyed, tags.current],
          labels: imageLabels(
            ctx.stack.project.name,
            request.build.name,
            target,
            stage.key,
            stage.weakReasons,
          ),
          noCache: !useCache,
          cacheFrom: request.cacheFrom,
          dockerHost: engine.endpoint.dockerHost,
          signal: ctx.signal,
          onProgress: update,
        }),
      );
      const built = await engine.inspectImage(tags.keyed);
      if (!built) {
        throw new Error(
          `The build reported success but the engine has no ${tags.keyed}; run the build again.`,
        );
      }
      return pushResult(request, resolved.result('built', built.Id), true);
    },
  );
}

/** Push to the registry: fresh builds when pushing is on, anything with --push. */
export async function pushResult(
  request: TargetRequest,
  result: TargetResult,
  fresh: boolean,
): Promise<TargetResult> {
  const { ctx, engine, settings } = request;
  const forced = ctx.options.push === true;
  if (!settings.registry || !(forced || (fresh && settings.push))) return result;
  const references = [
    keyReference(settings.registry, result.key),
    registryReference(settings.registry, result.image),
  ];
  try {
    await ctx.progress.step(`Pushing ${result.image} to ${settings.registry}`, async (update) => {
      for (const reference of references) {
        await engine.tagImage(result.id, reference);
        try {
          await pushImage(reference, engine.endpoint.dockerHost, ctx.signal, update);
        } finally {
          await engine.untagImage(reference);
        }
      }
    });
  } catch (error) {
    // A cache that cannot be filled must not fail a good build, unless pushing was asked for.
    if (forced) throw error;
    ctx.logger.warn(error instanceof Error ? error.message : String(error));
    return result;
  }
  return { ...result, pushed: references };
}

/** Pull base images the engine lacks; true when all came. A failure is a warning: the key stays weaker. */
export async function pullBaseImages(request: TargetRequest, images: readonly string[]): Promise<boolean> {
  const { ctx, engine } = request;
  for (const image of images) {
    const pulled = await ctx.progress.step(`Pulling base image ${image}`, async (update, mark) => {
      const outcome = await pullImage(image, engine.endpoint.dockerHost, ctx.signal, update);
      if (outcome.status !== 'pulled')
        mark.failed(outcome.status === 'failed' ? outcome.reason : 'no such image');
      return outcome;
    });
    if (pulled.status !== 'pulled') {
      const why = pulled.status === 'failed' ? pulled.reason : 'no such image';
      ctx.logger.warn(
        `Could not pull ${image} (${why}); its fingerprint stays weaker until it is in the engine.`,
      );
      return false;
    }
  }
  return true;
}
