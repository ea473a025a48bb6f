import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { ImageBuild } from '../../lib/plugins/public-api.js';
import { resolveBuildArgs } from './build-args.js';
import { snapshotContext } from './context-snapshot.js';
import type { ContextSnapshot, SnapshotStats } from './context-types.js';
import { sourcesDigest } from './copy-sources.js';
import { parseDockerfile } from './dockerfile-stages.js';
import { stageKeys, type ImageIdentity, type StageKey } from './stage-keys.js';

/** The project folder holding the build cache's local files (git-ignored by the generated .gitignore). */
export const CACHE_DIR = join('.data-eng', 'cache');

/** Everything that decides one ImageBuild's images, reduced to one key per stage. */
export interface BuildFingerprint {
  readonly build: string;
  /** Absolute paths. */
  readonly dockerfile: string;
  readonly context: string;
  readonly args: Readonly<Record<string, string>>;
  readonly platform: string;
  readonly stages: readonly StageKey[];
  /** External images its stages build on or copy from, as the Dockerfile names them (args expanded). */
  readonly images: readonly string[];
  readonly contextStats: SnapshotStats;
  /** The cache folder, when the context holds it and .dockerignore does not leave it out. */
  readonly cacheNotIgnored?: string;
}

export interface FingerprintOptions {
  readonly projectDir: string;
  readonly build: ImageBuild;
  readonly platform: string;
  readonly imageIdentity: (reference: string) => Promise<ImageIdentity>;
  /** Snapshots already taken in this run, by context folder: builds sharing a context walk it once. */
  readonly snapshots?: Map<string, Promise<ContextSnapshot>>;
}

/** Where the stat cache of a context lives: one file per context folder, inside the project. */
export function statCacheFile(projectDir: string, contextDir: string): string {
  const id = createHash('sha256')
    .update(relative(projectDir, contextDir) || '.')
    .digest('hex')
    .slice(0, 12);
  return join(projectDir, CACHE_DIR, `context-${id}.bin`);
}

/** Start (or find) the snapshot of a build's context; builds sharing a context share one walk. */
export function contextSnapshot(
  projectDir: string,
  build: ImageBuild,
  snapshots: Map<string, Promise<ContextSnapshot>>,
): Promise<ContextSnapshot> {
  const context = resolve(projectDir, build.context);
  let snapshot = snapshots.get(context);
  if (!snapshot) {
    snapshot = snapshotContext(context, statCacheFile(projectDir, context));
    snapshots.set(context, snapshot);
  }
  return snapshot;
}

/** Fingerprint one image build: parse its Dockerfile, snapshot its context, key every stage. */
export async function fingerprintBuild(options: FingerprintOptions): Promise<BuildFingerprint> {
  const { projectDir, build } = options;
  const context = resolve(projectDir, build.context);
  const dockerfile = resolve(context, build.dockerfile);
  let text: string;
  try {
    text = readFileSync(dockerfile, 'utf8');
  } catch {
    throw new Error(
      `Cannot read ${relative(projectDir, dockerfile)} for the image build "${build.name}"; restore it or re-run the generator.`,
    );
  }
  const parsed = parseDockerfile(text, relative(projectDir, dockerfile));
  const taken = await contextSnapshot(projectDir, build, options.snapshots ?? new Map());
  const digests = taken.sourceDigests;
  const args = resolveBuildArgs(build.args, projectDir);
  const images = new Set<string>();
  const stages = await stageKeys({
    dockerfile: parsed,
    buildArgs: args,
    platform: options.platform,
    contextDigest: (sources) => {
      const id = sources.join('\n');
      let digest = digests.get(id);
      if (digest === undefined) digests.set(id, (digest = sourcesDigest(taken.entries, sources)));
      return digest;
    },
    imageIdentity: (reference) => {
      images.add(reference);
      return options.imageIdentity(reference);
    },
  });
  // Source digests are kept with the stat cache: an unchanged tree reuses them next time.
  taken.persist();
  return {
    build: build.name,
    dockerfile,
    context,
    args,
    platform: options.platform,
    stages,
    images: [...images],
    contextStats: taken.stats,
    ...(taken.cacheNotIgnored ? { cacheNotIgnored: taken.cacheNotIgnored } : {}),
  };
}
