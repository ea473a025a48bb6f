import { describe, expect, it } from 'vitest';
import type { ContextEntry } from './context-types.js';
import { normalizeSource, selectSources, sourcesDigest } from './copy-sources.js';

const entry = (path: string, kind: ContextEntry['kind'] = 'file', digest = path): ContextEntry => ({
  path,
  kind,
  mode: kind === 'dir' ? 0o755 : 0o644,
  digest,
});

const ENTRIES = [
  entry('requirements.txt'),
  entry('requirements-dev.txt'),
  entry('dags', 'dir', ''),
  entry('dags/a.py'),
  entry('dags/sub', 'dir', ''),
  entry('dags/sub/b.py'),
  entry('dagsx.py'),
];

const paths = (sources: string[]): string[] => selectSources(ENTRIES, sources).map((e) => e.path);

describe('COPY source selection', () => {
  it('normalises sources the way the builder resolves them', () => {
    expect(['./dags/', '/dags', 'dags//', '.', './', '../x'].map(normalizeSource)).toEqual([
      'dags',
      'dags',
      'dags',
      '.',
      '.',
      '.',
    ]);
  });

  it('takes a file, or a directory with everything under it, and nothing that only shares a prefix', () => {
    expect(paths(['requirements.txt'])).toEqual(['requirements.txt']);
    expect(paths(['dags/'])).toEqual(['dags', 'dags/a.py', 'dags/sub', 'dags/sub/b.py']);
  });

  it('matches wildcards within one level, with matched directories brought whole', () => {
    expect(paths(['requirements*.txt'])).toEqual(['requirements.txt', 'requirements-dev.txt']);
    expect(paths(['dags/*'])).toEqual(['dags/a.py', 'dags/sub', 'dags/sub/b.py']);
    expect(paths(['dags/[a-b].py'])).toEqual(['dags/a.py']);
    expect(paths(['dags/[^a].py'])).toEqual([]);
  });

  it('digests content, not just names, and marks a missing source', () => {
    const changed = ENTRIES.map((e) => (e.path === 'dags/a.py' ? { ...e, digest: 'other' } : e));
    expect(sourcesDigest(changed, ['dags'])).not.toBe(sourcesDigest(ENTRIES, ['dags']));
    expect(sourcesDigest(changed, ['requirements.txt'])).toBe(sourcesDigest(ENTRIES, ['requirements.txt']));
    expect(sourcesDigest(ENTRIES, ['missing.txt'])).not.toBe(sourcesDigest(ENTRIES, ['other-missing.txt']));
  });
});
