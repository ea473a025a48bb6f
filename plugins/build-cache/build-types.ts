import type { HookContext, ImageBuild } from '../../lib/plugins/public-api.js';
import type { EngineClient } from './engine-client.js';
import type { CacheSource } from './find-cached-image.js';
import type { BuildFingerprint } from './fingerprint.js';
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
