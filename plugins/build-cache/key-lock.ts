import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A lock older than this is taken over whoever holds it: no build of one stage runs this long. */
const STALE_MS = 6 * 60 * 60 * 1000;

interface Owner {
  readonly pid: number;
  readonly host: string;
  readonly since: number;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(file: string): Owner | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Owner;
  } catch {
    return undefined;
  }
}

/** The machine-wide folder of key locks: shared by every project, as the images are. */
export function lockDir(): string {
  return join(tmpdir(), 'data-eng-build-cache-locks');
}

/**
 * Run `work` while holding the lock of one key, so two processes (two terminals, two projects with the
 * same inputs) never build the same image at once: the second waits, then finds the first one's image.
 * A lock whose owner died is taken over.
 */
export async function withKeyLock<T>(
  key: string,
  signal: AbortSignal,
  onWait: (owner: Owner) => void,
  work: () => Promise<T>,
  dir: string = lockDir(),
): Promise<T> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${key}.lock`);
  const me: Owner = { pid: process.pid, host: hostname(), since: Date.now() };
  let told = false;
  for (;;) {
    signal.throwIfAborted();
    // link() creates the lock with its content in one step, or fails if it exists: no half-written lock.
    const temp = `${file}.${me.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(me));
    try {
      linkSync(temp, file);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(temp);
    }
    const owner = readOwner(file);
    const dead = owner && owner.host === me.host && !alive(owner.pid);
    if (!owner || dead || Date.now() - owner.since > STALE_MS) {
      // Take over only the lock we judged: another waiter may have replaced it meanwhile.
      if (JSON.stringify(readOwner(file)) === JSON.stringify(owner)) {
        try {
          unlinkSync(file);
        } catch {
          // someone else took it over first
        }
      }
      continue;
    }
    if (!told) onWait(owner);
    told = true;
    // On Ctrl-C, stop with the signal's own reason rather than a generic AbortError.
    await sleep(200, undefined, { signal }).catch(() => signal.throwIfAborted());
  }
  try {
    return await work();
  } finally {
    if (JSON.stringify(readOwner(file)) === JSON.stringify(me)) unlinkSync(file);
  }
}
