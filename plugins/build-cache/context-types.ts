import type { Stats } from 'node:fs';
import type { HashWorkers } from './hash-files.js';

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

/** A file or link whose digest must be taken (new, or its stat changed). */
export interface Pending {
  readonly entry: ContextEntry;
  readonly absolute: string;
  readonly stats: Stats;
}

/** What a walk found, before any content is read. */
export interface Walked {
  /** The sent paths in walk order; undefined when they are exactly the stat cache's, unchanged. */
  readonly entries?: ContextEntry[];
  /** Per entry: its index in the old cache when unchanged, or its new stat (parallel to entries). */
  readonly sources?: (number | Stats)[];
  readonly pending: Pending[];
  /** Paths the rules leave out, as far as the walk went (ignored folders are not entered). */
  readonly excluded: ReadonlySet<string>;
  /** Whether the entries differ from the cached ones (COPY source digests must be taken again). */
  readonly changed: boolean;
  /** Whether an ignore decision was made that the cache does not hold yet. */
  readonly newDecisions: boolean;
  readonly cacheNotIgnored?: string;
  /** Hashing workers, started during the walk once it found enough to read to need them. */
  readonly workers?: HashWorkers;
}
