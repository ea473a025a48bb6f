import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { ContextEntry } from './context-types.js';

/** A COPY or ADD source as the builder resolves it: relative to the context root, `.` for all of it. */
export function normalizeSource(source: string): string {
  const cleaned = posix.normalize(source.replace(/^\/+/, '') || '.').replace(/\/+$/, '');
  return cleaned === '' || cleaned === '..' || cleaned.startsWith('../') ? '.' : cleaned;
}

const literal = (ch: string): string => ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Go's filepath.Match, which COPY uses for wildcards: `*` and `?` stop at `/`, `[...]` with `^` negation. */
export function sourcePattern(source: string): RegExp | undefined {
  if (!/[*?[]/.test(source)) return undefined;
  let out = '^';
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '*') out += '[^/]*';
    else if (ch === '?') out += '[^/]';
    else if (ch === '\\' && i + 1 < source.length) out += literal(source[++i]!);
    else if (ch === '[' && source.indexOf(']', i + 2) > 0) {
      const end = source.indexOf(']', i + 2);
      const body = source.slice(i + 1, end);
      const negated = body.startsWith('^');
      out += `[${negated ? '^' : ''}${(negated ? body.slice(1) : body).replace(/[[\]^]/g, '\\$&')}]`;
      i = end;
    } else out += literal(ch);
  }
  return new RegExp(`${out}$`);
}

/**
 * The context entries a list of sources selects: the named file, everything under a named directory,
 * or whatever a wildcard matches (a matched directory brings its whole tree). In context order.
 */
export function selectSources(entries: readonly ContextEntry[], sources: readonly string[]): ContextEntry[] {
  const picked = new Set<number>();
  const roots: string[] = [];
  for (const raw of sources) {
    const source = normalizeSource(raw);
    if (source === '.') return [...entries];
    const pattern = sourcePattern(source);
    if (pattern) {
      entries.forEach((entry, index) => {
        if (pattern.test(entry.path)) {
          picked.add(index);
          if (entry.kind === 'dir') roots.push(`${entry.path}/`);
        }
      });
    } else roots.push(`${source}/`);
  }
  entries.forEach((entry, index) => {
    if (roots.some((root) => `${entry.path}/`.startsWith(root))) picked.add(index);
  });
  return [...picked].sort((a, b) => a - b).map((index) => entries[index]!);
}

/** One digest for what a COPY would copy: the selected paths, their kinds, modes and contents. */
export function sourcesDigest(entries: readonly ContextEntry[], sources: readonly string[]): string {
  const hash = createHash('sha256');
  const selected = selectSources(entries, sources);
  const found = new Set(selected.map((entry) => entry.path));
  for (const raw of sources) {
    const source = normalizeSource(raw);
    // A missing source fails the build; keep the key distinct from the one of an empty directory.
    if (source !== '.' && !sourcePattern(source) && !found.has(source)) hash.update(`missing\t${source}\n`);
  }
  for (const entry of selected) {
    hash.update(`${entry.path}\t${entry.kind}\t${entry.mode.toString(8)}\t${entry.digest}\n`);
  }
  return hash.digest('hex');
}
