import type { HookContext, ImageBuild } from '../../lib/plugins/public-api.js';
import type { EngineClient } from './engine-client.js';
import { findLocalImage, type CacheSource } from './find-cached-image.js';
import type { BuildFingerprint } from './fingerprint.js';
import { imageTags } from './image-names.js';
import type { CacheSettings } from './settings.js';
import type { StageKey } from './stage-keys.js';

/** What happened to one target of one image build. */
export interface TargetResult {
  readonly build: string;
  readonly target: string;
  readonly key: string;
  /** `<repo>:<target>-<key12>` */
  readonly image: string;
  /** `<repo>:<target>`, the name compose runs. */
  readonly tag: string;
  readonly id: string;
  /** hit: this project's image; shared: another project's; pulled: from the registry; built: by BuildKit. */
  readonly status: 'hit' | 'shared' | 'pulled' | 'built';
  readonly from?: string;
  readonly pushed: readonly string[];
  readonly weak: readonly string[];
  readonly seconds: number;
}

export const STATUS: Record<CacheSource, TargetResult['status']> = {
  local: 'hit',
  shared: 'shared',
  registry: 'pulled',
};

export interface TargetRequest {
  readonly ctx: HookContext;
  readonly engine: EngineClient;
  readonly settings: CacheSettings;
  readonly build: ImageBuild;
  readonly fingerprint: BuildFingerprint;
  readonly target: string;
  /** Registry references of stages pulled earlier in this run: BuildKit may reuse their layers. */
  readonly cacheFrom: readonly string[];
  /** Fingerprint the build again, after a missing base image was pulled. */
  readonly rekey?: () => Promise<BuildFingerprint>;
}

/** The stage's key, tags and a maker of its result, shared by the hit path and the build path. */
export interface ResolvedStage {
  readonly stage: StageKey;
  readonly tags: { readonly keyed: string; readonly current: string };
  readonly result: (status: TargetResult['status'], id: string, from?: string) => TargetResult;
}

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
