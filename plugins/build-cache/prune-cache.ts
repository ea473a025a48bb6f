import type Docker from 'dockerode';
import { formatSize, listCache, type CacheEntry } from './cache-images.js';

export interface PruneResult {
  readonly dryRun: boolean;
  readonly olderThanMs: number;
  readonly removed: readonly CacheEntry[];
  readonly kept: readonly { readonly entry: CacheEntry; readonly reason: string }[];
  /** Sum of the removed images' sizes: an upper bound, as images share layers. */
  readonly bytes: number;
}

function conflict(error: unknown): boolean {
  return (error as { statusCode?: number }).statusCode === 409;
}

/**
 * Remove cached images not used for `olderThanMs`. An image some project's compose file runs (its
 * `<repo>:<stage>` name points at it) stays, and so does one a container still uses.
 */
export async function pruneCache(
  docker: Docker,
  olderThanMs: number,
  dryRun: boolean,
  now = Date.now(),
): Promise<PruneResult> {
  const removed: CacheEntry[] = [];
  const kept: { entry: CacheEntry; reason: string }[] = [];
  for (const entry of await listCache(docker)) {
    if (now - Date.parse(entry.lastUsed) < olderThanMs) continue;
    if (entry.current) {
      kept.push({
        entry,
        reason: `in use as ${entry.tags.filter((tag) => tag.endsWith(`:${entry.stage}`)).join(', ')}`,
      });
      continue;
    }
    if (dryRun) {
      removed.push(entry);
      continue;
    }
    try {
      for (const name of entry.tags.length ? entry.tags : [entry.id]) await docker.getImage(name).remove();
      removed.push(entry);
    } catch (error) {
      if (!conflict(error)) throw error;
      kept.push({ entry, reason: 'a container uses it' });
    }
  }
  return { dryRun, olderThanMs, removed, kept, bytes: removed.reduce((sum, e) => sum + e.size, 0) };
}

/** The human summary of a prune. */
export function formatPrune(result: PruneResult): string {
  const verb = result.dryRun ? 'Would remove' : 'Removed';
  const lines = [
    `${verb} ${result.removed.length} cached image${result.removed.length === 1 ? '' : 's'} (up to ${formatSize(result.bytes)}).`,
    ...result.removed.map((e) => `  ${e.tags[0] ?? e.id}`),
  ];
  if (result.kept.length) {
    lines.push(`Kept ${result.kept.length} old image${result.kept.length === 1 ? '' : 's'}:`);
    lines.push(...result.kept.map((k) => `  ${k.entry.tags[0] ?? k.entry.id}: ${k.reason}`));
  }
  return lines.join('\n');
}
