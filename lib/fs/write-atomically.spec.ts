import { chownSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeAtomically } from './write-atomically.js';

describe('writeAtomically', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'write-atomically-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('replaces the file by a rename, keeping its mode', async () => {
    const path = join(dir, '.env');
    writeFileSync(path, 'A=1\n', { mode: 0o600 });
    const before = statSync(path);
    await writeAtomically(path, 'A=2\n', undefined);
    const after = statSync(path);
    expect(readFileSync(path, 'utf8')).toBe('A=2\n');
    expect(after.ino).not.toBe(before.ino);
    expect(after.mode & 0o777).toBe(0o600);
  });

  // Root re-rendering a user's project (sudo, a dev container) must not take the files from the user.
  it.runIf(process.getuid?.() === 0)('keeps the owner of a file that root rewrites', async () => {
    const path = join(dir, 'compose.yaml');
    writeFileSync(path, 'a: 1\n');
    chownSync(path, 1000, 1000);
    await writeAtomically(path, 'a: 2\n', undefined);
    expect(statSync(path)).toMatchObject({ uid: 1000, gid: 1000 });
  });
});
