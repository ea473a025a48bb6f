import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withKeyLock } from './key-lock.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'build-cache-lock-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const signal = new AbortController().signal;

describe('withKeyLock', () => {
  it('runs two holders of one key one after the other, and different keys side by side', async () => {
    const log: string[] = [];
    const job = (name: string, key: string) =>
      withKeyLock(
        key,
        signal,
        () => log.push(`${name} waits`),
        async () => {
          log.push(`${name} in`);
          await sleep(100);
          log.push(`${name} out`);
        },
        dir,
      );
    await Promise.all([job('a', 'k1'), job('b', 'k1'), job('c', 'k2')]);
    const a = log.indexOf('a out');
    const b = log.indexOf('b in');
    expect(b).toBeGreaterThan(a);
    expect(log.indexOf('c in')).toBeLessThan(a);
    expect(log).toContain('b waits');
  });

  it('takes over the lock of a process that died', async () => {
    // A pid that surely ended: a child that has already exited.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    writeFileSync(join(dir, 'k.lock'), JSON.stringify({ pid: dead, host: hostname(), since: Date.now() }));
    const waited: number[] = [];
    expect(
      await withKeyLock(
        'k',
        signal,
        (o) => waited.push(o.pid),
        async () => 'ran',
        dir,
      ),
    ).toBe('ran');
    expect(waited).toEqual([]);
  });

  it('stops waiting when aborted', async () => {
    writeFileSync(
      join(dir, 'k.lock'),
      JSON.stringify({ pid: process.pid, host: hostname(), since: Date.now() }),
    );
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('interrupted')), 100);
    await expect(
      withKeyLock(
        'k',
        controller.signal,
        () => undefined,
        async () => 'ran',
        dir,
      ),
    ).rejects.toThrow('interrupted');
  });
});
