import type { EngineClient, ImageInfo } from './engine-client.js';
import { LABELS } from './image-names.js';

/** Where a stage's image came from without building it. */
export type CacheSource = 'local' | 'shared' | 'registry';

export interface CachedImage {
  readonly id: string;
  readonly source: CacheSource;
  /** The other image or registry reference it was found under. */
  readonly from?: string;
}

/** Re-tag a reused image at most this often, so `cache prune` knows it is still in use. */
const TOUCH_AFTER_MS = 60 * 60 * 1000;

/**
 * Give an image both of its names, `<repo>:<target>-<key12>` and `<repo>:<target>` (what compose runs),
 * unless they already point at it. Re-tagging also records when the image was last used.
 */
export async function nameImage(
  engine: EngineClient,
  info: ImageInfo,
  tags: { keyed: string; current: string },
): Promise<void> {
  const names = info.RepoTags ?? [];
  const lastTagged = Date.parse(info.Metadata?.LastTagTime ?? '') || 0;
  await Promise.all([
    !names.includes(tags.keyed) || Date.now() - lastTagged > TOUCH_AFTER_MS
      ? engine.tagImage(info.Id, tags.keyed)
      : undefined,
    names.includes(tags.current) ? undefined : engine.tagImage(info.Id, tags.current),
  ]);
}

/**
 * Find an image for a key in this engine: first under this project's own keyed name, then any image
 * labelled with the key (another project with the same inputs built it). Checks the full key label, so
 * a 12-digit tag collision is never taken for a hit.
 */
export async function findLocalImage(
  engine: EngineClient,
  key: string,
  tags: { keyed: string; current: string },
): Promise<CachedImage | undefined> {
  const own = await engine.inspectImage(tags.keyed);
  if (own?.Config?.Labels?.[LABELS.key] === key) {
    await nameImage(engine, own, tags);
    return { id: own.Id, source: 'local' };
  }
  const [other] = await engine.imagesWithLabel(`${LABELS.key}=${key}`);
  if (!other) return undefined;
  const info = await engine.inspectImage(other.Id);
  if (!info) return undefined;
  await nameImage(engine, info, tags);
  return {
    id: info.Id,
    source: 'shared',
    from: other.RepoTags?.find((tag) => tag !== '<none>:<none>') ?? other.Id,
  };
}
