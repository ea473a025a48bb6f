import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { snapshotContext } from './context-snapshot.js';
import type { ContextEntry } from './context-types.js';
import { createIgnoreMatcher } from './dockerignore-matcher.js';
import { followCache } from './follow-cache.js';
import { StatCache } from './stat-cache.js';

let dir: string;
let cacheFile: string;
const CACHE_DIR = '.data-eng/cache';
/** A clock far ahead of every file time, so no digest counts as racy. */
const later = (): number => Date.now() + 60_000;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'build-cache-follow-'));
  cacheFile = join(dir, CACHE_DIR, 'context.bin');
  writeFileSync(join(dir, '.dockerignore'), '.data-eng\nlogs\n');
  mkdirSync(join(dir, 'dags', 'sub'), { recursive: true });
  mkdirSync(join(dir, 'logs'));
  // A project holds .data-eng from its first scaffold on.
  mkdirSync(join(dir, CACHE_DIR), { recursive: true });
  writeFileSync(join(dir, 'logs', 'run.log'), 'ignored\n');
  writeFileSync(join(dir, 'dags', 'a.py'), 'a\n');
  writeFileSync(join(dir, 'dags', 'sub', 'b.py'), 'b\n');
  symlinkSync('a.py', join(dir, 'dags', 'link.py'));
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function snap() {
  const snapshot = await snapshotContext(dir, cacheFile, later);
  snapshot.persist();
  return snapshot;
}

const follow = () =>
  followCache(
    dir,
    StatCache.load(cacheFile),
    CACHE_DIR,
    createIgnoreMatcher('.data-eng\nlogs\n').mayReinclude,
  );

/**
 * Snapshot, follow an unchanged tree, change dags/sub/b.py in place (same path, later mtime): the walk gives
 * only that path to read again, and the next snapshot hashes just it, to a new digest.
 */
async function expectInPlaceEditFound(): Promise<void> {
  const digestOfB = (entries: readonly ContextEntry[]) =>
    entries.find((e) => e.path === 'dags/sub/b.py')!.digest;
  const before = digestOfB((await snap()).entries);
  expect(follow()).toEqual({ restat: [] });
  writeFileSync(join(dir, 'dags', 'sub', 'b.py'), 'b changed\n');
  utimesSync(join(dir, 'dags', 'sub', 'b.py'), new Date(), new Date(Date.now() + 5_000));
  expect(follow()?.restat.map((r) => r.index)).toEqual([5]);
  const after = await snap();
  expect(after.stats.hashedFiles).toBe(1);
  expect(digestOfB(after.entries)).not.toBe(before);
}

describe('followCache: the walk along an unchanged tree', () => {
  it('finds nothing to read again in an unchanged tree, and lists the same entries as a full walk', async () => {
    const full = await snap();
    const fullEntries = full.entries.map((e) => ({ ...e }));
    expect(follow()).toEqual({ restat: [] });
    const followed = await snap();
    expect(followed.stats).toMatchObject({ files: fullEntries.length, hashedFiles: 0 });
    expect(followed.entries).toEqual(fullEntries);
    expect(followed.entries.map((e) => e.path)).toEqual([
      '.dockerignore',
      'dags',
      'dags/a.py',
      'dags/link.py',
      'dags/sub',
      'dags/sub/b.py',
    ]);
  });

  it('reads again only a file whose content changed in place, and gives it its new digest', async () => {
    await expectInPlaceEditFound();
    expect((await snap()).stats.hashedFiles).toBe(0);
  });

  it('gives up on a changed shape (a path added, removed or renamed) so the full walk decides', async () => {
    await snap();
    writeFileSync(join(dir, 'dags', 'new.py'), 'new\n');
    expect(follow()).toBeUndefined();
    const added = await snap();
    expect(added.entries.map((e) => e.path)).toContain('dags/new.py');
    rmSync(join(dir, 'dags', 'sub', 'b.py'));
    expect(follow()).toBeUndefined();
    expect((await snap()).entries.map((e) => e.path)).not.toContain('dags/sub/b.py');
  });

  it('gives up when a file turns into a folder', async () => {
    await snap();
    rmSync(join(dir, 'dags', 'a.py'));
    mkdirSync(join(dir, 'dags', 'a.py'));
    expect(follow()).toBeUndefined();
    expect((await snap()).entries.find((e) => e.path === 'dags/a.py')?.kind).toBe('dir');
  });

  it('leaves the working directory where it was, whether it follows the tree or gives up', async () => {
    const cwd = process.cwd();
    await snap();
    expect(follow()).toEqual({ restat: [] });
    expect(process.cwd()).toBe(cwd);
    writeFileSync(join(dir, 'dags', 'sub', 'new.py'), 'new\n');
    expect(follow()).toBeUndefined();
    expect(process.cwd()).toBe(cwd);
  });

  it('walks by absolute paths where the working directory cannot change, as in a worker thread', async () => {
    // Worker threads throw ERR_WORKER_UNSUPPORTED_OPERATION from process.chdir.
    const chdir = vi.spyOn(process, 'chdir').mockImplementation(() => {
      throw Object.assign(new Error('process.chdir() is not supported in workers'), {
        code: 'ERR_WORKER_UNSUPPORTED_OPERATION',
      });
    });
    try {
      await expectInPlaceEditFound();
      writeFileSync(join(dir, 'dags', 'sub', 'new.py'), 'new\n');
      expect(follow()).toBeUndefined();
      expect(chdir).toHaveBeenCalled();
    } finally {
      chdir.mockRestore();
    }
  });

  it('passes over ignored paths, old and new, without giving up', async () => {
    await snap();
    writeFileSync(join(dir, 'logs', 'another.log'), 'still ignored\n');
    expect(follow()).toEqual({ restat: [] });
  });
});
