// `npm run bench:up`: `data-eng up` until healthy (orchestrator-compose, and the DCSM runner) against
// `docker compose up --wait` on the same stack, whole processes against whole processes, measured side by side
// (interleaved rounds) in one run; medians and ratios.
// Usage: node bench/bench-up.mjs [--runs N] [--dist DIR] [--json] [--keep]
//   --runs N    recorded rounds of each case (default 5)
//   --dist DIR  the build to measure (default dist)
//   --keep      leave the fixture projects and their containers for a look afterwards
// The stack: PostgreSQL (local/postgres:15, or DATA_ENG_POSTGRES_IMAGE) with a health check, and a dependent
// client that starts once PostgreSQL is healthy and is healthy itself a moment later. Three states:
//   warm: after each tool's own `down`, data kept (the daily `up`). compose removes the containers; the DCSM
//         runner keeps the stopped persistent container (its design) and restarts it;
//   fresh containers: data kept, every container removed for every tool (like for like: each creates all);
//   cold: no volume yet, so PostgreSQL runs initdb first (the first `up` of a project).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
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
const IMAGE = process.env.DATA_ENG_POSTGRES_IMAGE ?? 'local/postgres:15';
for (const plugin of ['orchestrator-compose', 'orchestrator-dcsm']) {
  if (!existsSync(join(DIST, 'plugins', plugin, 'index.js'))) {
    throw new Error(`${DIST} holds no build of ${plugin}; run: node scripts/build.mjs ${flags.dist}`);
  }
}
const log = (line) => process.stderr.write(`${line}\n`);

// The same fixture as the integration tests: postgres checked over TCP, a client that must find it ready.
const FIXTURE_PLUGIN = `
export default {
  name: 'bench-client',
  apiVersion: 1,
  contribute(stack) {
    stack.updateService('postgres', (s) => ({
      healthcheck: { ...s.healthcheck, test: ['CMD', 'pg_isready', '-h', '127.0.0.1', '-U', 'airflow', '-d', 'airflow'] },
    }));
    stack.addService({
      name: 'client',
      image: { ref: 'POSTGRES_IMAGE', fallback: 'postgres:16' },
      entrypoint: ['bash', '-c'],
      command: ['pg_isready -h postgres -U airflow -d airflow || exit 1; touch /tmp/ready; trap "exit 0" TERM INT; sleep infinity & wait'],
      dependsOn: { postgres: 'service_healthy' },
      healthcheck: { test: ['CMD', 'test', '-f', '/tmp/ready'], interval: '1s', timeout: '2s', retries: 60 },
      persistent: false,
    });
  },
};
`;

const WORK = mkdtempSync(join(tmpdir(), 'data-eng-bench-up-'));
const CLI = join(WORK, 'data-eng.mjs');
writeFileSync(
  CLI,
  `const { main } = await import(${JSON.stringify(join(DIST, 'cli/main.js'))});\nprocess.exitCode = await main(process.argv);\n`,
);

/** Run to the end; wall time in ms from spawn to exit. A failure is an error with its output. */
function timed(command, args, cwd) {
  const started = process.hrtime.bigint();
  const run = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1 << 26,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0)
    throw new Error(`${command} ${args.join(' ')} exited with ${run.status}: ${run.stderr.slice(-2000)}`);
  return ms;
}
const dataEng = (cwd, ...args) => timed(process.execPath, [CLI, ...args], cwd);
const docker = (...args) =>
  execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

async function project(name, orchestrator) {
  const dir = join(WORK, name);
  mkdirSync(dir);
  mkdirSync(join(dir, '.git'));
  writeFileSync(join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  writeFileSync(join(dir, 'bench-plugin.mjs'), FIXTURE_PLUGIN);
  const config = {
    project: { name },
    postgres: {
      version: '15',
      port: await freePort(),
      analyticsDatabase: 'analytics',
      analyticsUser: 'analytics',
    },
    plugins: ['./bench-plugin.mjs'],
  };
  writeFileSync(join(dir, '.yo-rc.json'), JSON.stringify({ 'generator-data-eng': config }, null, 2));
  dataEng(dir, 'plugins', 'add', orchestrator);
  writeFileSync(join(dir, '.env'), `${readFileSync(join(dir, '.env'), 'utf8')}POSTGRES_IMAGE=${IMAGE}\n`, {
    mode: 0o600,
  });
  return dir;
}

const stamp = `${process.pid}`;
const composeDir = await project(`bench-up-c${stamp}`, 'orchestrator-compose');
const dcsmDir = await project(`bench-up-d${stamp}`, 'orchestrator-dcsm');
const compose = (...args) => timed('docker', ['compose', ...args], composeDir);

/** Each case: how to bring it to the starting state of a scenario, and the timed `up`. */
const removeContainers = (label) => {
  const ids = docker('ps', '-aq', '--filter', `label=${label}`).split('\n').filter(Boolean);
  if (ids.length) docker('rm', '-f', ...ids);
};
const CASES = {
  'docker compose up --wait': {
    reset: (scenario) => compose('down', ...(scenario === 'cold' ? ['--volumes'] : [])),
    up: () => compose('up', '--detach', '--wait', '--wait-timeout', '300'),
  },
  'data-eng up (orchestrator-compose)': {
    reset: (scenario) =>
      dataEng(composeDir, 'down', '--json', ...(scenario === 'cold' ? ['--volumes', '--yes'] : [])),
    up: () => dataEng(composeDir, 'up', '--json', '--timeout', '300'),
  },
  'data-eng up (DCSM runner)': {
    reset: (scenario) => {
      dataEng(dcsmDir, 'down', '--json', ...(scenario === 'cold' ? ['--volumes', '--yes'] : []));
      if (scenario === 'fresh containers')
        removeContainers(`devcontainer-service-manager.project=${basename(dcsmDir)}`);
    },
    up: () => dataEng(dcsmDir, 'up', '--json', '--timeout', '300'),
  },
};

const results = {};
try {
  // One untimed round first: images into the page cache, volumes created.
  for (const c of Object.values(CASES)) c.up();
  for (const scenario of ['warm', 'fresh containers', 'cold']) {
    const times = Object.fromEntries(Object.keys(CASES).map((name) => [name, []]));
    for (let round = 0; round < RUNS; round++) {
      // Rotate the order each round, so a drift of the machine touches every case alike.
      const names = Object.keys(CASES);
      const order = names.map((_, i) => names[(i + round) % names.length]);
      for (const name of order) {
        CASES[name].reset(scenario);
        times[name].push(CASES[name].up());
        log(`${scenario} round ${round + 1}/${RUNS}: ${name} ${(times[name].at(-1) / 1000).toFixed(2)} s`);
      }
    }
    const base = median(times['docker compose up --wait']);
    results[scenario] = Object.fromEntries(
      Object.entries(times).map(([name, list]) => [
        name,
        {
          medianMs: Math.round(median(list)),
          ratio: Number((median(list) / base).toFixed(3)),
          runsMs: list.map(Math.round),
        },
      ]),
    );
  }
} finally {
  if (!flags.keep) {
    for (const c of Object.values(CASES)) {
      try {
        c.reset('cold');
      } catch (error) {
        log(`cleanup: ${error.message.split('\n')[0]}`);
      }
    }
    for (const label of [
      `devcontainer-service-manager.project=bench-up-d${stamp}`,
      `com.docker.compose.project=bench-up-c${stamp}`,
    ]) {
      const left = docker('ps', '-aq', '--filter', `label=${label}`).split('\n').filter(Boolean);
      if (left.length) docker('rm', '-f', '-v', ...left);
    }
    rmSync(WORK, { recursive: true, force: true });
  }
}

const TARGETS = { 'data-eng up (orchestrator-compose)': 1.1, 'data-eng up (DCSM runner)': 1.0 };
if (flags.json) {
  process.stdout.write(
    `${JSON.stringify({ runs: RUNS, image: IMAGE, targets: TARGETS, results }, null, 2)}\n`,
  );
} else {
  for (const [scenario, cases] of Object.entries(results)) {
    process.stdout.write(`\n${scenario} (median of ${RUNS}, up until every service is healthy)\n`);
    for (const [name, r] of Object.entries(cases)) {
      const target = TARGETS[name]
        ? `  target <= ${TARGETS[name]}x: ${r.ratio <= TARGETS[name] ? 'met' : 'MISSED'}`
        : '';
      process.stdout.write(
        `  ${name.padEnd(38)} ${(r.medianMs / 1000).toFixed(2).padStart(6)} s  ${r.ratio.toFixed(2)}x${target}\n`,
      );
    }
  }
}
