// `npm run bench:observability`: what the observability part adds to the stack on this machine. The stack's own
// PostgreSQL against PostgreSQL plus the part's services (StatsD receiver, postgres_exporter, Prometheus), each
// `docker compose up --wait` until healthy from stopped containers with data kept (the daily start), measured side
// by side in interleaved rounds; then each container's memory once everything has settled. Medians; no target.
// Usage: node bench/bench-observability.mjs [--runs N] [--dist DIR] [--json] [--keep]
// Images: PostgreSQL from DATA_ENG_POSTGRES_IMAGE (default local/postgres:15), the part's built on
// DATA_ENG_BASE_IMAGE (default local/debian:bookworm), as an internal registry's copies would be.
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort, median } from './process-timing.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values: flags } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    dist: { type: 'string', default: 'dist' },
    json: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const RUNS = Number(flags.runs);
const DIST = resolve(ROOT, flags.dist);
if (!existsSync(join(DIST, 'cli', 'main.js')))
  throw new Error(`${DIST} holds no build; run: node scripts/build.mjs ${flags.dist}`);
const POSTGRES_IMAGE = process.env.DATA_ENG_POSTGRES_IMAGE ?? 'local/postgres:15';
const BASE_IMAGE = process.env.DATA_ENG_BASE_IMAGE ?? 'local/debian:bookworm';
const log = (line) => process.stderr.write(`${line}\n`);
const PART = ['statsd', 'postgres-exporter', 'prometheus'];

const WORK = mkdtempSync(join(tmpdir(), 'bench-obs-'));
// The data-eng command of that build, as bin/data-eng.js starts it.
const CLI = join(WORK, 'data-eng.mjs');
writeFileSync(
  CLI,
  `const { main } = await import(${JSON.stringify(join(DIST, 'cli/main.js'))});\nprocess.exitCode = await main(process.argv);\n`,
);
const name = `bench-obs-${process.pid}`;
const dir = join(WORK, name);
execFileSync(
  process.execPath,
  [
    CLI,
    'new',
    dir,
    '--defaults',
    '--skip-install',
    '--components',
    'postgres,airflow,devcontainer,observability',
    '--postgres-port',
    String(await freePort()),
    '--prometheus-port',
    String(await freePort()),
  ],
  { stdio: ['ignore', 'ignore', 'inherit'] },
);
appendFileSync(
  join(dir, '.env'),
  `POSTGRES_IMAGE=${POSTGRES_IMAGE}\nOBSERVABILITY_BASE_IMAGE=${BASE_IMAGE}\n`,
);
const compose = (...args) =>
  execFileSync('docker', ['compose', ...args], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
const timedUp = (services) => {
  const started = process.hrtime.bigint();
  compose('up', '--detach', '--wait', '--wait-timeout', '300', ...services);
  return Number(process.hrtime.bigint() - started) / 1e6;
};

/** MiB of a `docker stats` MemUsage such as "23.5MiB / 23.4GiB". */
function mib(usage) {
  const [, value, unit] = /^([\d.]+)\s*([KMG]i?B)/.exec(usage) ?? [];
  return Number(value) * ({ KiB: 1 / 1024, MiB: 1, GiB: 1024, kB: 1 / 1000, MB: 1, GB: 1000 }[unit] ?? NaN);
}

const CASES = { 'the stack (PostgreSQL)': ['postgres'], 'with observability': ['postgres', ...PART] };
const times = Object.fromEntries(Object.keys(CASES).map((c) => [c, []]));
const memory = {};
try {
  log(`building the observability images in ${dir}`);
  compose('build', ...PART);
  // One untimed round: volumes created, images in the page cache.
  timedUp(CASES['with observability']);
  for (let round = 0; round < RUNS; round++) {
    const names = Object.keys(CASES);
    for (const c of names.map((_, i) => names[(i + round) % names.length])) {
      compose('stop');
      times[c].push(timedUp(CASES[c]));
      log(`round ${round + 1}/${RUNS}: ${c} ${(times[c].at(-1) / 1000).toFixed(2)} s`);
    }
  }
  // Memory once settled: three readings 10 s apart, the median per container.
  timedUp(CASES['with observability']);
  const readings = {};
  for (let i = 0; i < 3; i++) {
    await new Promise((done) => setTimeout(done, 10_000));
    const lines = execFileSync(
      'docker',
      [
        'stats',
        '--no-stream',
        '--format',
        '{{.Name}}\t{{.MemUsage}}',
        ...compose('ps', '-q').split('\n').filter(Boolean),
      ],
      { encoding: 'utf8' },
    );
    for (const line of lines.split('\n').filter(Boolean)) {
      const [container, usage] = line.split('\t');
      const service = container.replace(`${name}-`, '').replace(/-\d+$/, '');
      (readings[service] ??= []).push(mib(usage));
    }
  }
  for (const [service, list] of Object.entries(readings)) memory[service] = Number(median(list).toFixed(1));
} finally {
  if (!flags.keep) {
    try {
      compose('down', '--volumes', '--remove-orphans');
    } catch (error) {
      log(`cleanup: ${error.message.split('\n')[0]}`);
    }
    rmSync(WORK, { recursive: true, force: true });
  }
}

const medians = Object.fromEntries(Object.entries(times).map(([c, list]) => [c, Math.round(median(list))]));
const base = medians['the stack (PostgreSQL)'];
const added = medians['with observability'] - base;
const partMemory = PART.reduce((sum, service) => sum + (memory[service] ?? 0), 0);
const result = {
  runs: RUNS,
  startUpMs: medians,
  addedStartUpMs: added,
  ratio: Number((medians['with observability'] / base).toFixed(3)),
  memoryMiB: memory,
  addedMemoryMiB: Number(partMemory.toFixed(1)),
  samplesMs: Object.fromEntries(Object.entries(times).map(([c, list]) => [c, list.map(Math.round)])),
};
if (flags.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
else {
  process.stdout.write(`\nup --wait until healthy, stopped containers, data kept (median of ${RUNS})\n`);
  for (const [c, ms] of Object.entries(medians))
    process.stdout.write(`  ${c.padEnd(26)} ${(ms / 1000).toFixed(2)} s\n`);
  process.stdout.write(`  added by observability     ${(added / 1000).toFixed(2)} s (${result.ratio}x)\n`);
  process.stdout.write('\nmemory once settled (median of 3 readings)\n');
  for (const [service, value] of Object.entries(memory))
    process.stdout.write(`  ${service.padEnd(26)} ${value} MiB\n`);
  process.stdout.write(`  added by observability     ${result.addedMemoryMiB} MiB\n`);
}
