// Wall time of whole processes, measured side by side: interleaved rounds, medians and ratios.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';

/**
 * CPU time (user + system, ms) of this process's reaped children, from /proc/self/stat on Linux
 * (10 ms ticks); undefined elsewhere. Less sensitive than wall time to other load on the machine.
 */
function childrenCpuMs() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    // After "pid (comm) ", field 3 is index 0: cutime and cstime are fields 16 and 17.
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return undefined;
  }
}

/**
 * Run a command to completion and return its wall time in milliseconds (hrtime, spawn to exit) and,
 * where the OS tells, its CPU time.
 * A non-zero exit is an error naming the command and its stderr: a failed run is not a fast run.
 */
export function timeProcess({ command, args, cwd, env }) {
  return new Promise((resolve, reject) => {
    const cpuBefore = childrenCpuMs();
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const cpuAfter = childrenCpuMs();
      const cpuMs = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
      if (code === 0) resolve({ ms, cpuMs });
      else
        reject(
          new Error(
            `${command} ${args.join(' ')} exited with ${code ?? signal}; its stderr:\n${stderr.slice(-2000)}`,
          ),
        );
    });
  });
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Run every case once per round, `warmup` rounds unrecorded, then `runs` recorded rounds. The order
 * rotates each round so that no case always runs right after another (page cache, CPU frequency).
 * `prepare(case, round)` returns the per-run spawn options (e.g. a fresh target folder).
 */
export async function measureInterleaved(cases, { runs, warmup, prepare, onRound }) {
  const samples = new Map(cases.map((c) => [c.id, []]));
  const cpu = new Map(cases.map((c) => [c.id, []]));
  for (let round = -warmup; round < runs; round++) {
    const offset = ((round % cases.length) + cases.length) % cases.length;
    const order = [...cases.slice(offset), ...cases.slice(0, offset)];
    for (const c of order) {
      const { ms, cpuMs } = await timeProcess(await prepare(c, round));
      if (round < 0) continue;
      samples.get(c.id).push(ms);
      if (cpuMs !== undefined) cpu.get(c.id).push(cpuMs);
    }
    onRound?.(round);
  }
  return cases.map((c) => {
    const values = samples.get(c.id);
    const cpuValues = cpu.get(c.id);
    return {
      id: c.id,
      label: c.label,
      median: median(values),
      min: Math.min(...values),
      max: Math.max(...values),
      samples: values,
      cpuMedian: cpuValues.length === values.length ? median(cpuValues) : undefined,
    };
  });
}

/** A TCP port free on 127.0.0.1 right now, for a fixture's published port. */
export function freePort() {
  return new Promise((done, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
    server.on('error', fail);
  });
}
