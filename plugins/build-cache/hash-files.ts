import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Worker as WorkerThread } from 'node:worker_threads';

/** Below this many bytes, starting a worker (about 30 ms) costs more than it saves. */
const PARALLEL_THRESHOLD = 48 * 1024 * 1024;

/** Digest recorded for a file that vanished or became unreadable between the walk and the read. */
export const UNREADABLE = 'unreadable';

type FsCalls = { openSync: typeof openSync; readSync: typeof readSync; closeSync: typeof closeSync };

/**
 * The hashing loop, run by the main thread and by every worker: take the next file index from a shared
 * counter, read the file in 1 MB reads into one reused buffer, hash it; stop when the files run out
 * (true) or the time budget does (false). It must not close over anything: the workers get its source
 * text, so the same code runs from the compiled package and from the sources.
 */
function hashLoop(
  paths: readonly string[],
  counter: Int32Array,
  digests: Record<number, string>,
  hasher: typeof createHash,
  fs: FsCalls,
  unreadable: string,
  budgetMs: number,
): boolean {
  const buffer = Buffer.allocUnsafe(1024 * 1024);
  const until = performance.now() + budgetMs;
  for (;;) {
    if (performance.now() > until) return false;
    const index = Atomics.add(counter, 0, 1);
    if (index >= paths.length) return true;
    let fd = -1;
    try {
      fd = fs.openSync(paths[index]!, 'r');
      const hash = hasher('sha256');
      for (;;) {
        const read = fs.readSync(fd, buffer, 0, buffer.length, null);
        hash.update(read === buffer.length ? buffer : buffer.subarray(0, read));
        // A short read of a regular file is its end: no extra read() per small file.
        if (read < buffer.length) break;
      }
      digests[index] = hash.digest('hex');
    } catch {
      digests[index] = unreadable;
    } finally {
      if (fd >= 0) fs.closeSync(fd);
    }
  }
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const digests = {};
(${hashLoop.toString()})(workerData.paths, new Int32Array(workerData.counter), digests,
  require('node:crypto').createHash, require('node:fs'), ${JSON.stringify(UNREADABLE)}, Infinity);
parentPort.postMessage(digests);`;

function startWorker(
  Worker: typeof WorkerThread,
  paths: readonly string[],
  counter: Int32Array,
): Promise<Record<number, string>> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { paths, counter: counter.buffer } });
    worker.once('message', (digests: Record<number, string>) => {
      resolve(digests);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

/**
 * SHA-256 of each file (absolute paths), in the order given. A large set is hashed on every core: the
 * main thread and (cores - 1) workers pull files from one shared counter, so big files cannot leave a
 * core idle, and the main thread starts at once instead of waiting for the workers to boot. The main
 * thread works in short slices: a worker cannot start while the event loop is blocked.
 */
export async function hashFiles(paths: readonly string[], totalBytes: number): Promise<string[]> {
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const workers = totalBytes >= PARALLEL_THRESHOLD ? Math.min(7, Math.max(1, availableParallelism() - 1)) : 0;
  const Worker = workers > 0 ? (await import('node:worker_threads')).Worker : undefined;
  const running = Array.from({ length: workers }, () => startWorker(Worker!, paths, counter));
  const digests: Record<number, string> = {};
  const fs = { openSync, readSync, closeSync };
  const slice = workers > 0 ? 10 : Infinity;
  while (!hashLoop(paths, counter, digests, createHash, fs, UNREADABLE, slice)) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  for (const result of await Promise.all(running)) Object.assign(digests, result);
  return paths.map((_, index) => digests[index]!);
}
