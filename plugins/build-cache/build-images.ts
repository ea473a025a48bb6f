import { STATUS, type ResolvedStage, type TargetRequest, type TargetResult } from './build-types.js';
import { findLocalImage } from './find-cached-image.js';
import { imageTags } from './image-names.js';

function resolveStage(request: TargetRequest): ResolvedStage {
  const { fingerprint, target } = request;
  const started = performance.now();
  const stage = fingerprint.stages.find((s) => s.stage === target.toLowerCase());
  if (!stage) {
    throw new Error(
      `${request.build.dockerfile} has no stage "${target}"; its stages are: ${fingerprint.stages.map((s) => s.stage).join(', ')}.`,
    );
  }
  const tags = imageTags(request.ctx.stack.project.name, request.build.name, target, stage.key);
  return {
    stage,
    tags,
    result: (status, id, from) => ({
      build: request.build.name,
      target,
      key: stage.key,
      image: tags.keyed,
      tag: tags.current,
      id,
      status,
      ...(from ? { from } : {}),
      pushed: [],
      weak: stage.weakReasons,
      seconds: (performance.now() - started) / 1000,
    }),
  };
}

/**
 * Bring one target's image into the engine by the cheapest route: this project's image, or any image
 * with the same key (another project built it). Only on a miss is the build path loaded: the registry,
 * then BuildKit.
 */
export async function resolveTarget(request: TargetRequest): Promise<TargetResult> {
  let resolved = resolveStage(request);
  const useCache = request.ctx.options.cache !== false;
  const lookUp = () =>
    useCache ? findLocalImage(request.engine, resolved.stage.key, resolved.tags) : undefined;
  let found = await lookUp();
  if (!found && resolved.stage.missingImages.length > 0 && request.rekey) {
    // The build would pull the base image anyway: pull it first, so the key covers its content.
    const { pullBaseImages } = await import('./build-target.js');
    if (await pullBaseImages(request, resolved.stage.missingImages)) {
      request = { ...request, fingerprint: await request.rekey() };
      resolved = resolveStage(request);
      found = await lookUp();
    }
  }
  if (found && request.ctx.options.push !== true)
    return resolved.result(STATUS[found.source], found.id, found.from);
  const { buildTarget } = await import('./build-target.js');
  return buildTarget(request, resolved, found);
}
