import { lstatSync, readdirSync, type Stats } from 'node:fs';
import type { ContextEntry } from './context-types.js';
import { MAY_BE_GONE, S_IFDIR, S_IFLNK, S_IFMT, S_IFREG } from './file-types.js';
import type { StatCache } from './stat-cache.js';
import type { Pending, Walked } from './context-types.js';

/** A cached path whose stat changed: its place in the cache and what it looks like now. */
export interface Restat {
  readonly index: number;
  readonly stats: Stats;
}

export interface FollowedTree {
  /** Paths still there, in the same places, whose stat no longer matches (content to read again). */
  readonly restat: readonly Restat[];
  /** The cache folder's path when the context holds it and the rules do not leave it out. */
  readonly cacheNotIgnored?: string;
}

/**
 * Walk a context along the stat cache of its last walk, made under the same .dockerignore rules. The cache
 * lists the sent paths in walk order, so each name read from a folder is checked against the next cached
 * path without building a path string, and the only work per path is its lstat. Gives the paths whose stat
 * changed, or undefined as soon as the tree's shape differs (a path added, removed or renamed, a file
 * turned into a folder): a full walk then decides again. `cacheDir` is the cache folder relative to the
 * context (it is never sent).
 */
export function followCache(
  contextDir: string,
  cache: StatCache,
  cacheDir: string,
  mayReinclude: (dir: string) => boolean,
): FollowedTree | undefined {
  const restat: Restat[] = [];
  let cursor = 0;
  let cacheNotIgnored: string | undefined;

  // Looked up from inside the folder being walked, a name costs one path component instead of every
  // component of an absolute path: a fifth or more of the walk. Where the working directory cannot
  // change (a worker thread), absolute paths.
  const startedIn = enterFirst(contextDir);
  const relative = startedIn !== undefined;
  const at = (dir: string, name: string): string => (relative ? name : `${dir}/${name}`);

  const visit = (dir: string, prefix: string): boolean => {
    // Entered by its absolute path, and again after each subfolder: a folder renamed meanwhile fails.
    if (relative) process.chdir(dir);
    for (const name of readdirSync(relative ? '.' : dir).sort()) {
      if (!cache.pathIs(cursor, prefix, name)) {
        // Not the next sent path: a path the rules left out last time, the cache folder, or a change.
        const path = prefix + name;
        if (path === cacheDir) {
          if (!cache.excluded.has(path)) cacheNotIgnored = path;
          continue;
        }
        if (!cache.excluded.has(path)) return false;
        if (mayReinclude(path) && lstatSync(at(dir, name), MAY_BE_GONE)?.isDirectory()) {
          if (!visit(`${dir}/${name}`, `${path}/`)) return false;
          if (relative) process.chdir(dir);
        }
        continue;
      }
      const index = cursor++;
      const stats = lstatSync(at(dir, name), MAY_BE_GONE);
      if (!stats) return false;
      const type = stats.mode & S_IFMT;
      const cachedMode = cache.modeAt(index);
      if (type === S_IFDIR) {
        if ((cachedMode & S_IFMT) !== S_IFDIR) return false;
        if (cachedMode !== stats.mode) restat.push({ index, stats });
        if (!visit(`${dir}/${name}`, `${prefix}${name}/`)) return false;
        if (relative) process.chdir(dir);
      } else {
        // A folder turned into a file, or a path turned into something the builder does not send.
        if ((cachedMode & S_IFMT) === S_IFDIR || (type !== S_IFREG && type !== S_IFLNK)) return false;
        if (cache.freshDigest(index, stats) === undefined) restat.push({ index, stats });
      }
    }
    return true;
  };

  try {
    if (!visit(contextDir, '') || cursor !== cache.size) return undefined;
  } catch {
    return undefined; // a folder vanished or became unreadable mid-walk: the full walk decides
  } finally {
    if (startedIn !== undefined) process.chdir(startedIn);
  }
  return { restat, ...(cacheNotIgnored ? { cacheNotIgnored } : {}) };
}

/**
 * Change into `dir` for a walk and give the working directory to return to; undefined where that is not
 * possible (worker threads may not change it; the current one may be gone).
 */
function enterFirst(dir: string): string | undefined {
  try {
    const previous = process.cwd();
    process.chdir(dir);
    return previous;
  } catch {
    return undefined;
  }
}

/** The entries a stat cache holds, as a walk that found them unchanged would list them. */
export function cachedEntries(cache: StatCache): ContextEntry[] {
  const entries: ContextEntry[] = [];
  for (let i = 0; i < cache.size; i++) {
    const mode = cache.modeAt(i);
    const type = mode & S_IFMT;
    entries.push({
      path: cache.pathAt(i)!,
      kind: type === S_IFDIR ? 'dir' : type === S_IFLNK ? 'link' : 'file',
      mode: mode & 0o7777,
      digest: type === S_IFDIR ? '' : cache.digestAt(i),
    });
  }
  return entries;
}

/** A walk along the cache as the snapshot takes it: nothing to build when no stat changed. */
export function followedWalk(contextDir: string, cache: StatCache, followed: FollowedTree): Walked {
  const base = {
    excluded: cache.excluded,
    newDecisions: false,
    ...(followed.cacheNotIgnored ? { cacheNotIgnored: followed.cacheNotIgnored } : {}),
  };
  if (followed.restat.length === 0) return { ...base, pending: [], changed: false };
  const entries = cachedEntries(cache);
  const sources: (number | Stats)[] = entries.map((_, i) => i);
  const pending: Pending[] = [];
  for (const { index, stats } of followed.restat) {
    const type = stats.mode & S_IFMT;
    const old = entries[index]!;
    const entry: ContextEntry = {
      path: old.path,
      kind: type === S_IFDIR ? 'dir' : type === S_IFLNK ? 'link' : 'file',
      mode: stats.mode & 0o7777,
      digest: '',
    };
    entries[index] = entry;
    sources[index] = stats;
    if (entry.kind !== 'dir') pending.push({ entry, absolute: `${contextDir}/${entry.path}`, stats });
  }
  return { ...base, entries, sources, pending, changed: true };
}
