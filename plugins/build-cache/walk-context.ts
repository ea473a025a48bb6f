import { lstatSync, readdirSync, type Stats } from 'node:fs';
import type { ContextEntry, Pending, Walked } from './context-types.js';
import { MAY_BE_GONE, S_IFDIR, S_IFMT } from './file-types.js';
import type { IgnoreMatcher } from './dockerignore-matcher.js';
import { PARALLEL_THRESHOLD, startHashWorkers, type HashWorkers } from './hash-files.js';
import type { StatCache } from './stat-cache.js';

/**
 * The full walk: every folder read, every path decided by the .dockerignore rules (or by the cache's
 * decisions while the rules are unchanged) and lstat'ed; files whose stat the cache does not vouch for
 * are queued for hashing. `cacheDir` (the cache folder, relative to the context) is never sent.
 */
export function walkContext(
  contextDir: string,
  cache: StatCache,
  cacheDir: string,
  matcher: IgnoreMatcher,
): Walked {
  const decided = cache.ignoreDigest === matcher.digest;
  const excluded = new Set<string>();
  const entries: ContextEntry[] = [];
  const sources: (number | Stats)[] = [];
  const pending: Pending[] = [];
  let changed = !decided;
  let newDecisions = false;
  let cacheNotIgnored: string | undefined;
  let pendingBytes = 0;
  let workers: HashWorkers | undefined;

  /** Whether the builder sends `path` (`index`: its place in the cache): the last run's answer while the rules hold. */
  const included = (path: string, index: number | undefined): boolean => {
    if (decided) {
      if (index !== undefined) return true;
      if (cache.excluded.has(path)) {
        excluded.add(path);
        return false;
      }
    }
    newDecisions = true;
    if (!matcher.ignores(path)) return (changed = true);
    excluded.add(path);
    return false;
  };

  const walk = (dir: string, prefix: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = prefix + name;
      const absolute = `${dir}/${name}`;
      if (path === cacheDir) {
        // Recorded as left out when the rules leave it out, so a walk along the cache knows without them.
        if (matcher.ignores(path)) excluded.add(path);
        else cacheNotIgnored = path;
        continue;
      }
      // Known-ignored paths are not looked up: the cache lists sent paths in walk order, and a lookup
      // that misses that order costs a map of every path.
      const index = decided && cache.excluded.has(path) ? undefined : cache.indexOf(path);
      if (!included(path, index)) {
        // Docker's shortcut: enter an ignored directory only if an exception could bring something back.
        if (matcher.mayReinclude(path) && lstatSync(absolute, MAY_BE_GONE)?.isDirectory()) {
          walk(absolute, `${path}/`);
        }
        continue;
      }
      const stats = lstatSync(absolute, MAY_BE_GONE);
      if (!stats) continue;
      if ((stats.mode & S_IFMT) === S_IFDIR) {
        entries.push({ path, kind: 'dir', mode: stats.mode & 0o7777, digest: '' });
        if (index === undefined || cache.modeAt(index) !== stats.mode) changed = true;
        sources.push(stats);
        walk(absolute, `${path}/`);
        continue;
      }
      const kind = stats.isFile() ? 'file' : stats.isSymbolicLink() ? 'link' : undefined;
      if (!kind) continue; // sockets, fifos and devices are not sent
      const entry: ContextEntry = { path, kind, mode: stats.mode & 0o7777, digest: '' };
      entries.push(entry);
      const digest = index === undefined ? undefined : cache.freshDigest(index, stats);
      if (digest === undefined) {
        pending.push({ entry, absolute, stats });
        // Much to read (a first walk): the workers boot while the walk goes on.
        if ((pendingBytes += stats.size) >= PARALLEL_THRESHOLD) workers ??= startHashWorkers();
        sources.push(stats);
      } else {
        entry.digest = digest;
        sources.push(index!);
      }
    }
  };

  walk(contextDir, '');
  if (pending.length > 0 || entries.length !== cache.size) changed = true;
  return {
    entries,
    sources,
    pending,
    excluded,
    changed,
    newDecisions,
    ...(cacheNotIgnored ? { cacheNotIgnored } : {}),
    ...(workers ? { workers } : {}),
  };
}
