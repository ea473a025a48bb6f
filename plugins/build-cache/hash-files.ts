import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** Below this many bytes, starting a worker (about 30 ms) costs more than it saves. */
export const PARALLEL_THRESHOLD = 48 * 1024 * 1024;

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
const { parentPort } = require('node:worker_threads');
parentPort.once('message', ({ paths, counter }) => {
  const digests = {};
  (${hashLoop.toString()})(paths, new Int32Array(counter), digests,
    require('node:crypto').createHash, require('node:fs'), ${JSON.stringify(UNREADABLE)}, Infinity);
  parentPort.postMessage(digests);
});`;

/** Hashing threads started ahead of the files they will hash; they wait for their share. */
export interface HashWorkers {
  /** Hand every worker the files; each takes the next one from the shared counter until none are left. */
  run(paths: readonly string[], counter: Int32Array): Promise<Record<number, string>>[];
  /** Stop workers that were never given files. */
  stop(): void;
}

/** How many threads hash besides the main one: the other cores, at most seven. */
function workerCount(): number {
  return Math.min(7, Math.max(1, availableParallelism() - 1));
}

/**
 * Start the hashing workers now, synchronously: a worker takes about 30 ms to boot, which a walk that has
 * already found much to hash overlaps with the rest of its work. Idle workers do not hold the process open.
 */
export function startHashWorkers(): HashWorkers {
  const { Worker } = process.getBuiltinModule('node:worker_threads');
  const workers = Array.from({ length: workerCount() }, () => {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    const state: { worker: typeof worker; error?: Error; fail?: (error: Error) => void } = { worker };
    worker.on('error', (error) => (state.fail ? state.fail(error) : (state.error = error)));
    worker.unref();
    return state;
  });
  return {
    run: (paths, counter) =>
      workers.map(
        (state) =>
          new Promise((resolve, reject) => {
            if (state.error) return reject(state.error);
            state.fail = reject;
            state.worker.ref();
            state.worker.once('message', (digests: Record<number, string>) => {
              resolve(digests);
              void state.worker.terminate();
            });
            state.worker.postMessage({ paths, counter: counter.buffer });
          }),
      ),
    stop: () => workers.forEach((state) => void state.worker.terminate()),
  };
}

/**
 * SHA-256 of each file (absolute paths), in the order given. A large set is hashed on every core: the
 * main thread and (cores - 1) workers pull files from one shared counter, so big files cannot leave a
 * core idle, and the main thread starts at once instead of waiting for the workers to boot. The main
 * thread works in short slices: a worker cannot start while the event loop is blocked. `prestarted`
 * workers are used for a large set and stopped for a small one.
 */
export async function hashFiles(
  paths: readonly string[],
  totalBytes: number,
  prestarted?: HashWorkers,
): Promise<string[]> {
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const parallel = totalBytes >= PARALLEL_THRESHOLD;
  if (!parallel) prestarted?.stop();
  const workers = parallel ? (prestarted ?? startHashWorkers()) : undefined;
  const running = workers?.run(paths, counter) ?? [];
  const digests: Record<number, string> = {};
  const fs = { openSync, readSync, closeSync };
  const slice = workers ? 10 : Infinity;
  while (!hashLoop(paths, counter, digests, createHash, fs, UNREADABLE, slice)) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  for (const result of await Promise.all(running)) Object.assign(digests, result);
  return paths.map((_, index) => digests[index]!);
}
