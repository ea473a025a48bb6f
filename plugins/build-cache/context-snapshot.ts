import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readlinkSync, type Stats } from 'node:fs';
import { dirname, relative, sep } from 'node:path';
import { loadIgnoreMatcher } from './dockerignore-matcher.js';
import { hashFiles } from './hash-files.js';
import { StatCache, fileSystemNow } from './stat-cache.js';

/** A file, symlink or directory the builder would send, with what decides its content in an image. */
export interface ContextEntry {
  /** Relative to the context, forward slashes. */
  readonly path: string;
  readonly kind: 'file' | 'link' | 'dir';
  /** Permission bits (COPY keeps them). */
  readonly mode: number;
  /** sha256 of a file's bytes or a link's target; empty for directories. */
  digest: string;
}

export interface SnapshotStats {
  readonly files: number;
  readonly hashedFiles: number;
  readonly hashedBytes: number;
  readonly ms: number;
}

/** The build context as the builder would send it, after .dockerignore, in a fixed order. */
export interface ContextSnapshot {
  readonly entries: readonly ContextEntry[];
  readonly stats: SnapshotStats;
  /** Digests of COPY source sets, carried over from the last run when no entry changed; add to it. */
  readonly sourceDigests: Map<string, string>;
  /** Write the stat cache if anything changed since it was read (entries or source digests). */
  persist(): void;
  /**
   * The cache folder's path in the context when .dockerignore does not leave it out. It is skipped here,
   * or every run would change what it fingerprints; the builder would still send it.
   */
  readonly cacheNotIgnored?: string;
}

interface Pending {
  readonly entry: ContextEntry;
  readonly absolute: string;
  readonly stats: Stats;
}

const MAY_BE_GONE = { throwIfNoEntry: false } as const;
const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;

/**
 * Take a snapshot of a build context. Unchanged files are recognised by their stat in the cache file and
 * never read; new or changed files are hashed (on every core when there is much to read). An unchanged
 * tree costs one readdir per folder and one lstat per path, nothing more.
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
  const decided = cache.ignoreDigest === matcher.digest;
  const excluded = new Set<string>();
  const entries: ContextEntry[] = [];
  /** Per entry: its index in the old cache when unchanged, or its new stat. */
  const sources: (number | Stats)[] = [];
  const pending: Pending[] = [];
  /** Whether the entries differ from the cached ones; a new ignored path alone only needs recording. */
  let changed = !decided;
  let newDecisions = false;

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

  // Names only (no Dirent objects) and the native sort: the lstat every sent path needs tells its type.
  const cacheDir = relative(contextDir, dirname(cacheFile)).split(sep).join('/');
  let cacheNotIgnored: string | undefined;
  const walk = (dir: string, prefix: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = prefix + name;
      const absolute = `${dir}/${name}`;
      // Known-ignored paths are not looked up: the cache lists sent paths in walk order, and a lookup
      // that misses that order costs a map of every path.
      const index = decided && cache.excluded.has(path) ? undefined : cache.indexOf(path);
      if (path === cacheDir) {
        if (!matcher.ignores(path)) cacheNotIgnored = path;
        continue;
      }
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
        sources.push(stats);
      } else {
        entry.digest = digest;
        sources.push(index!);
      }
    }
  };

  walk(contextDir, '');
  if (pending.length > 0 || entries.length !== cache.size) changed = true;

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
  let persistedDigests = changed || newDecisions ? -1 : sourceDigests.size;
  return {
    entries,
    sourceDigests,
    ...(cacheNotIgnored ? { cacheNotIgnored } : {}),
    stats: {
      files: entries.length,
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
      entries.forEach((entry, i) => {
        const source = sources[i]!;
        if (typeof source === 'number') next.copy(cache, source);
        else next.set(entry.path, source, entry.digest, racy.has(entry));
      });
      next.save(cacheFile);
      persistedDigests = sourceDigests.size;
    },
  };
}
