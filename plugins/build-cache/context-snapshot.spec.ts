import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { snapshotContext } from './context-snapshot.js';
import { StatCache } from './stat-cache.js';

let dir: string;
let cacheFile: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'build-cache-snap-'));
  cacheFile = join(dir, '.data-eng', 'cache', 'context.bin');
  writeFileSync(join(dir, '.dockerignore'), '.data-eng\n');
  mkdirSync(join(dir, 'dags'));
  writeFileSync(join(dir, 'dags', 'a.py'), 'one\n');
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A snapshot as fingerprinting takes it: walked, then its stat cache written. */
async function snap(now?: (cacheDir: string) => number) {
  const snapshot = await snapshotContext(dir, cacheFile, now);
  snapshot.persist();
  return snapshot;
}

describe('snapshotContext and its stat cache', () => {
  it('lists what the builder sends: directories, files, in a fixed order, without ignored paths', async () => {
    writeFileSync(join(dir, 'b.txt'), 'b');
    const { entries } = await snap();
    expect(entries.map((e) => `${e.kind} ${e.path}`)).toEqual([
      'file .dockerignore',
      'file b.txt',
      'dir dags',
      'file dags/a.py',
    ]);
  });

  it('re-reads files whose digest was taken in the tick they were written (racy), even with their stat unchanged', async () => {
    const files = ['.dockerignore', 'dags/a.py'].map((path) => statSync(join(dir, path)));
    // A coarse clock: the cache's "now" falls in the same tick as the files' last writes.
    const coarse = (): number => Math.min(...files.map((stat) => stat.ctimeMs));
    expect((await snap(coarse)).stats.hashedFiles).toBe(2);
    expect((await snap(coarse)).stats.hashedFiles).toBe(2);
    // Once the digests are taken in a later tick, the stat alone is trusted again.
    expect((await snap()).stats.hashedFiles).toBe(2);
    expect((await snap()).stats.hashedFiles).toBe(0);
  });

  it('keeps digests across runs in a compact file and drops deleted paths', async () => {
    writeFileSync(join(dir, 'dags', 'b.py'), 'two\n');
    await snap();
    rmSync(join(dir, 'dags', 'b.py'));
    const after = await snap();
    expect(after.entries.map((e) => e.path)).not.toContain('dags/b.py');
    const cache = StatCache.load(cacheFile);
    expect(cache.has('dags/a.py')).toBe(true);
    expect(cache.has('dags/b.py')).toBe(false);
  });

  it('carries COPY source digests over only while no entry changed', async () => {
    // Past the files' own timestamp tick, so their digests are not racy.
    await sleep(30);
    const first = await snap();
    first.sourceDigests.set('dags', 'digest-of-dags');
    first.persist();
    expect((await snap()).sourceDigests.get('dags')).toBe('digest-of-dags');
    writeFileSync(join(dir, 'dags', 'a.py'), 'two\n');
    expect((await snap()).sourceDigests.size).toBe(0);
  });

  it('sees a directory whose mode changed as a change', async () => {
    const first = await snap();
    first.sourceDigests.set('dags', 'digest-of-dags');
    first.persist();
    chmodSync(join(dir, 'dags'), 0o700);
    const after = await snap();
    expect(after.sourceDigests.size).toBe(0);
    expect(after.entries.find((e) => e.path === 'dags')?.mode).toBe(0o700);
  });

  it('skips its own cache folder when .dockerignore forgets it, and says so', async () => {
    writeFileSync(join(dir, '.dockerignore'), '# nothing ignored\n');
    await sleep(30);
    await snap();
    const second = await snap();
    expect(second.cacheNotIgnored).toBe('.data-eng/cache');
    expect(second.entries.map((e) => e.path).filter((p) => p.startsWith('.data-eng/'))).toEqual([]);
    expect(second.stats.hashedFiles).toBe(0);
  });

  it('treats a damaged cache file as empty', async () => {
    await snap();
    writeFileSync(cacheFile, 'garbage');
    const again = await snap();
    expect(again.stats.hashedFiles).toBe(2);
  });
});
