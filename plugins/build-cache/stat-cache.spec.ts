import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StatCache } from './stat-cache.js';

const STAT = {
  size: 10,
  mtimeMs: 1_700_000_000_123.456,
  ctimeMs: 1_700_000_000_123.789,
  ino: 42,
  mode: 0o100644,
};
const DIGEST = 'a'.repeat(64);
const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function roundTrip(cache: StatCache): StatCache {
  const dir = mkdtempSync(join(tmpdir(), 'build-cache-stat-'));
  dirs.push(dir);
  cache.save(join(dir, 'cache.bin'));
  return StatCache.load(join(dir, 'cache.bin'));
}

describe('StatCache', () => {
  it('gives back a digest only for the very same stat', () => {
    const cache = new StatCache();
    cache.set('dags/a.py', STAT, DIGEST, false);
    const loaded = roundTrip(cache);
    const i = loaded.indexOf('dags/a.py')!;
    expect(loaded.freshDigest(i, STAT)).toBe(DIGEST);
    for (const change of [
      { size: 11 },
      { mtimeMs: STAT.mtimeMs + 0.001 },
      { ctimeMs: 1 },
      { ino: 43 },
      { mode: 0o100755 },
    ]) {
      expect(loaded.freshDigest(i, { ...STAT, ...change })).toBeUndefined();
    }
  });

  it("never trusts a racy digest, however identical the stat (git's racy-clean rule)", () => {
    const cache = new StatCache();
    cache.set('dags/a.py', STAT, DIGEST, true);
    const loaded = roundTrip(cache);
    expect(loaded.freshDigest(loaded.indexOf('dags/a.py')!, STAT)).toBeUndefined();
  });

  it('keeps paths, excluded paths and the ignore digest through a save, unicode included', () => {
    const cache = new StatCache();
    cache.ignoreDigest = 'b'.repeat(64);
    cache.set('dags/é 1.py', STAT, DIGEST, false);
    cache.set('dags', { ...STAT, mode: 0o40755 }, '', false);
    cache.excluded.add('.git');
    const loaded = roundTrip(cache);
    expect(loaded.ignoreDigest).toBe('b'.repeat(64));
    expect(loaded.has('dags/é 1.py')).toBe(true);
    expect(loaded.excluded.has('.git')).toBe(true);
    // A directory carries no digest, so it is never "fresh".
    expect(loaded.freshDigest(loaded.indexOf('dags')!, { ...STAT, mode: 0o40755 })).toBeUndefined();
  });

  it('copies entries from an older cache unchanged', () => {
    const old = new StatCache();
    old.set('a', STAT, DIGEST, false);
    const next = new StatCache();
    next.copy(roundTrip(old), 0);
    expect(next.freshDigest(next.indexOf('a')!, STAT)).toBe(DIGEST);
  });

  it('reads a missing file as an empty cache', () => {
    expect(StatCache.load('/nonexistent/cache.bin').size).toBe(0);
  });
});
