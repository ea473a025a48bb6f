import { createHash } from 'node:crypto';
import { readlinkSync } from 'node:fs';
import { dirname, relative, sep } from 'node:path';
import { loadIgnoreMatcher } from './dockerignore-matcher.js';
import { cachedEntries, followCache, followedWalk } from './follow-cache.js';
import { hashFiles } from './hash-files.js';
import { StatCache, fileSystemNow } from './stat-cache.js';
import { walkContext } from './walk-context.js';
import type { ContextEntry, ContextSnapshot } from './context-types.js';

/**
 * Take a snapshot of a build context. An unchanged tree is walked along its stat cache: one readdir per
 * folder and one lstat per path, no path strings built, no entry listed until a COPY set needs digesting
 * again. A changed shape (paths added, removed, renamed) or changed rules take the full walk. New or
 * changed files are hashed (on every core when there is much to read).
 */
export async function snapshotContext(
  contextDir: string,
  cacheFile: string,
  /** The file system's clock; replaced in tests to play a coarse timestamp granularity. */
  now: (cacheDir: string) => number = fileSystemNow,
): Promise<ContextSnapshot> {
  const started = performance.now();
  const matcher = loadIgnoreMatcher(contextDir);
  const cache = StatCache.load(cacheFile);
  const cacheDir = relative(contextDir, dirname(cacheFile)).split(sep).join('/');
  const followed =
    cache.ignoreDigest === matcher.digest && cache.size > 0
      ? followCache(contextDir, cache, cacheDir, matcher.mayReinclude)
      : undefined;
  const walked = followed
    ? followedWalk(contextDir, cache, followed)
    : walkContext(contextDir, cache, cacheDir, matcher);
  const { pending, excluded, changed } = walked;
  let entries = walked.entries;
  const listed = (): ContextEntry[] => (entries ??= cachedEntries(cache));

  let hashedBytes = 0;
  const racy = new Set<ContextEntry>();
  if (pending.length > 0) {
    // Read the file system's clock before any content: a later write shows up as a newer mtime.
    const stampMs = now(dirname(cacheFile));
    const files = pending.filter((p) => p.entry.kind === 'file');
    hashedBytes = files.reduce((sum, p) => sum + p.stats.size, 0);
    const digests = await hashFiles(
      files.map((p) => p.absolute),
      hashedBytes,
      walked.workers,
    );
    files.forEach((p, i) => (p.entry.digest = digests[i]!));
    for (const p of pending) {
      if (p.entry.kind === 'link') {
        p.entry.digest = createHash('sha256').update(readlinkSync(p.absolute)).digest('hex');
      }
      if (Math.max(p.stats.mtimeMs, p.stats.ctimeMs) >= stampMs) racy.add(p.entry);
    }
  }
  const sourceDigests = changed ? new Map<string, string>() : cache.sourceDigests;
  let persistedDigests = changed || walked.newDecisions ? -1 : sourceDigests.size;
  const { cacheNotIgnored } = walked;
  return {
    get entries() {
      return listed();
    },
    sourceDigests,
    ...(cacheNotIgnored ? { cacheNotIgnored } : {}),
    stats: {
      files: entries?.length ?? cache.size,
      hashedFiles: pending.length,
      hashedBytes,
      ms: performance.now() - started,
    },
    persist() {
      if (sourceDigests.size === persistedDigests) return;
      const next = new StatCache();
      next.ignoreDigest = matcher.digest;
      for (const path of excluded) next.excluded.add(path);
      for (const [key, digest] of sourceDigests) next.sourceDigests.set(key, digest);
      const { sources } = walked;
      if (!sources) for (let i = 0; i < cache.size; i++) next.copy(cache, i);
      else
        listed().forEach((entry, i) => {
          const source = sources[i]!;
          if (typeof source === 'number') next.copy(cache, source);
          else next.set(entry.path, source, entry.digest, racy.has(entry));
        });
      next.save(cacheFile);
      persistedDigests = sourceDigests.size;
    },
  };
}
