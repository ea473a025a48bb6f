import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UNREADABLE, hashFiles, startHashWorkers } from './hash-files.js';

const dir = mkdtempSync(join(tmpdir(), 'build-cache-hash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Files of sizes around the 1 MB read size, so reads end mid-buffer, on a boundary and past it. */
const files = [0, 1, 1024 * 1024 - 1, 1024 * 1024, 3 * 1024 * 1024 + 7].map((size, i) => {
  const path = join(dir, `f${i}`);
  const content = Buffer.alloc(size, i + 1);
  writeFileSync(path, content);
  return { path, digest: createHash('sha256').update(content).digest('hex') };
});

describe('hashFiles', () => {
  it('gives each file its sha256, in order, on the main thread', async () => {
    expect(
      await hashFiles(
        files.map((f) => f.path),
        1,
      ),
    ).toEqual(files.map((f) => f.digest));
  });

  it('gives the same digests when workers share the files', async () => {
    // A large total starts the workers; they run the same loop from its source text.
    const many = Array.from({ length: 40 }, (_, i) => files[i % files.length]!);
    expect(
      await hashFiles(
        many.map((f) => f.path),
        1e12,
      ),
    ).toEqual(many.map((f) => f.digest));
  });

  it('hands a large set to workers started ahead of it', async () => {
    const many = Array.from({ length: 40 }, (_, i) => files[i % files.length]!);
    const workers = startHashWorkers();
    expect(
      await hashFiles(
        many.map((f) => f.path),
        1e12,
        workers,
      ),
    ).toEqual(many.map((f) => f.digest));
  });

  it('stops workers started ahead when the set turns out small, and hashes it on the main thread', async () => {
    const workers = startHashWorkers();
    let stopped = false;
    const hashed = await hashFiles(
      files.map((f) => f.path),
      1,
      {
        run: () => {
          throw new Error('a small set must not go to the workers');
        },
        stop: () => {
          stopped = true;
          workers.stop();
        },
      },
    );
    expect(hashed).toEqual(files.map((f) => f.digest));
    expect(stopped).toBe(true);
  });

  it('marks a file that vanished instead of failing the whole run', async () => {
    expect(await hashFiles([files[1]!.path, join(dir, 'gone')], 1)).toEqual([files[1]!.digest, UNREADABLE]);
  });
});
