// `npm run bench:cache`: the build cache against BuildKit, whole processes against whole processes,
// measured side by side (interleaved rounds) in one run; medians and ratios.
// Usage: node bench/bench-cache.mjs [--runs N] [--dist DIR] [--cold-runs N] [--skip-cold] [--json]
//   --runs N       recorded rounds of every timed case (default 7; fingerprints of 1 GB: min(N, 5))
//   --dist DIR     the build to measure (default dist)
//   --cold-runs N  cold BuildKit builds of the real-packages Dockerfile, about a minute each (default 1)
//   --skip-cold    leave the cold build out (and the ratio that needs it)
//   --work DIR     where fixtures live between runs (default $TMPDIR/data-eng-bench-cache)
//   --keep         keep the images it built (bench-cache-*), so the next run skips the first cold build
// Needs the Docker engine with buildx and the base image (DATA_ENG_BASE_IMAGE, default local/debian:bookworm),
// and network access from builds to Debian's mirror for the cold build.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { makeContext } from './make-context.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values: flags } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    dist: { type: 'string', default: 'dist' },
    'cold-runs': { type: 'string', default: '1' },
    'skip-cold': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    work: { type: 'string', default: join(tmpdir(), 'data-eng-bench-cache') },
  },
});
const RUNS = Number(flags.runs);
const COLD_RUNS = Number(flags['cold-runs']);
const DIST = resolve(ROOT, flags.dist);
const WORK = resolve(flags.work);
const BASE = process.env.DATA_ENG_BASE_IMAGE ?? 'local/debian:bookworm';
const MB = 1e6;
if (!existsSync(join(DIST, 'plugins', 'build-cache', 'fingerprint.js'))) {
  throw new Error(
    `${DIST} holds no build with the build-cache plugin; run: node scripts/build.mjs ${flags.dist}`,
  );
}
mkdirSync(WORK, { recursive: true });
const log = (line) => process.stderr.write(`${line}\n`);

// ---- processes, timing -------------------------------------------------------------------------

/** Run a command to the end; wall time in ms (spawn to exit) and its stdout. A failure is an error. */
function timed(command, args, options = {}) {
  const started = process.hrtime.bigint();
  const run = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * MB, ...options });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited with ${run.status}: ${(run.stderr ?? '').slice(-2000)}`,
    );
  }
  return { ms, stdout: run.stdout };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * Every case once per round, rounds rotating the order so no case always follows another; one
 * unrecorded warm-up round. `prepare` runs before each timed run, outside the timing.
 */
function interleaved(cases, runs, { warmup = 1 } = {}) {
  const samples = new Map(cases.map((c) => [c.id, []]));
  for (let round = -warmup; round < runs; round++) {
    const offset = ((round % cases.length) + cases.length) % cases.length;
    for (const c of [...cases.slice(offset), ...cases.slice(0, offset)]) {
      const spawnOptions = c.prepare?.() ?? {};
      const { ms, stdout } = timed(c.command, c.args, { cwd: c.cwd, env: c.env, ...spawnOptions });
      c.check?.(stdout);
      if (round >= 0) samples.get(c.id).push({ ms, stdout });
      c.cleanup?.(spawnOptions);
    }
  }
  return Object.fromEntries(cases.map((c) => [c.id, samples.get(c.id)]));
}

// ---- the CLI and the plugin, from the chosen build ------------------------------------------------

/** bin/data-eng.js for ./dist; otherwise a copy of it that starts from the other build. */
function binFor(dist) {
  if (dist === join(ROOT, 'dist')) return join(ROOT, 'bin', 'data-eng.js');
  const copy = join(WORK, 'data-eng-bin.mjs');
  const source = readFileSync(join(ROOT, 'bin', 'data-eng.js'), 'utf8');
  writeFileSync(copy, source.replaceAll("'../dist/", `'${pathToFileURL(dist).href}/`));
  return copy;
}
const BIN = binFor(DIST);

/** A child that fingerprints one context in-process and prints its own timing. */
const FINGERPRINT_ONCE = join(WORK, 'fingerprint-once.mjs');
writeFileSync(
  FINGERPRINT_ONCE,
  `import { fingerprintBuild } from ${JSON.stringify(pathToFileURL(join(DIST, 'plugins/build-cache/fingerprint.js')).href)};
const started = performance.now();
const fp = await fingerprintBuild({
  projectDir: process.cwd(),
  build: { name: 'bench', owner: 'bench', dockerfile: 'Dockerfile', context: '.', args: {}, stages: ['runtime'] },
  platform: 'linux/amd64',
  imageIdentity: async (ref) => ({ id: 'ref:' + ref, weak: true }),
});
process.stdout.write(JSON.stringify({ ms: performance.now() - started, ...fp.contextStats }));
`,
);

/** A child that calls the plugin's hook directly, without the CLI: the plugin's own share of a hit. */
const HOOK_ONLY = join(WORK, 'hook-only.mjs');
writeFileSync(
  HOOK_ONLY,
  `import { readFileSync } from 'node:fs';
const { default: plugin } = await import(${JSON.stringify(pathToFileURL(join(DIST, 'plugins/build-cache/index.js')).href)});
const config = JSON.parse(readFileSync('.yo-rc.json', 'utf8'))['generator-data-eng'];
const keys = JSON.parse(readFileSync('.data-eng/cache/keys.json', 'utf8'));
const builds = Object.fromEntries(Object.entries(keys.builds).map(([name, b]) => [name,
  { name, owner: name, dockerfile: b.dockerfile, context: '.', args: {}, stages: Object.keys(b.stages) }]));
const stack = { project: { name: config.project.name }, builds, services: {}, volumes: {}, secrets: {}, settings: {} };
const report = {};
const quiet = () => undefined;
await plugin.hooks.buildCache({ projectDir: process.cwd(), stack, answers: config['build-cache'] ?? {}, config: {},
  options: { action: 'build', json: true }, logger: { info: quiet, warn: quiet, error: quiet },
  progress: { step: (title, run) => run(quiet) }, signal: new AbortController().signal,
  docker: () => { throw new Error('not on the hit path'); }, report: (key, value) => { report[key] = value; } });
process.stdout.write(JSON.stringify(report.build));
`,
);

/**
 * A child that only walks the context: one readdir per folder and one lstat per path, nothing else. No
 * hit that checks the files can take less: Node's start-up plus this walk is the floor for the targets.
 */
const WALK_ONLY = join(WORK, 'walk-only.mjs');
writeFileSync(
  WALK_ONLY,
  `import { lstatSync, readdirSync } from 'node:fs';
let paths = 0;
const walk = (dir, top) => {
  for (const name of readdirSync(dir).sort()) {
    if (top && name === '.data-eng') continue;
    paths++;
    if (lstatSync(dir + '/' + name).isDirectory()) walk(dir + '/' + name, false);
  }
};
walk(process.cwd(), true);
process.stdout.write(String(paths));
`,
);

// ---- fixtures ------------------------------------------------------------------------------------

/** A context for fingerprinting alone: a Dockerfile copying everything, and the files. */
function fingerprintFixture(name, files, bytes) {
  const dir = join(WORK, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'Dockerfile'), `FROM ${BASE} AS runtime\nCOPY . /app\n`);
  writeFileSync(join(dir, '.dockerignore'), '.data-eng\n.bench-context\n');
  makeContext(dir, files, bytes);
  return dir;
}

/**
 * The build project: scaffolded by the CLI with the build-cache plugin, its Dockerfile replaced by one
 * FROM the local Debian image whose dependencies stage installs real packages from Debian's mirror
 * (about a minute cold, as an Airflow image's dependencies stage takes), and 10k DAG files (118 MB).
 */
function buildProject() {
  const dir = join(WORK, 'project');
  if (!existsSync(join(dir, '.yo-rc.json'))) {
    rmSync(dir, { recursive: true, force: true });
    timed(
      process.execPath,
      [
        BIN,
        'new',
        dir,
        '--defaults',
        '--no-interactive',
        '--name',
        'bench-cache',
        '--plugins',
        'build-cache',
      ],
      {
        cwd: WORK,
      },
    );
  }
  const stages = Object.keys(
    JSON.parse(readFileSync(join(dir, '.data-eng/cache/keys.json'), 'utf8')).builds.airflow.stages,
  );
  const packagesStage = stages.includes('dependencies') ? 'dependencies' : stages[0];
  const codeStage = stages.includes('runtime') ? 'runtime' : stages.at(-1);
  const lines = [];
  stages.forEach((stage, index) => {
    lines.push(`FROM ${index === 0 ? BASE : stages[index - 1]} AS ${stage}`);
    if (stage === packagesStage) {
      lines.push('COPY requirements.txt /requirements.txt');
      lines.push(
        'RUN apt-get update && apt-get install -y --no-install-recommends python3 python3-venv python3-dev build-essential git libpq-dev && rm -rf /var/lib/apt/lists/*',
      );
    }
    if (stage === codeStage) lines.push('COPY dags/ /opt/airflow/dags/');
    if (stage !== packagesStage && stage !== codeStage) lines.push(`RUN echo ${stage} > /stage-${stage}`);
  });
  writeFileSync(join(dir, 'Dockerfile.airflow'), `${lines.join('\n')}\n`);
  if (!existsSync(join(dir, 'requirements.txt')))
    writeFileSync(join(dir, 'requirements.txt'), 'apache-airflow\n');
  makeContext(dir, 10_000, 118 * MB);
  return { dir, lastStage: stages.at(-1) };
}

// ---- the measurements ----------------------------------------------------------------------------

const results = { runs: RUNS, cpus: availableParallelism(), node: process.version, dist: flags.dist };

log('fingerprints: preparing 1k files / 100 MB and 10k files / 1 GB');
const fingerprintCases = [];
for (const [id, files, bytes] of [
  ['fp-1k', 1_000, 100 * MB],
  ['fp-10k', 10_000, 1000 * MB],
]) {
  const dir = fingerprintFixture(id, files, bytes);
  const cache = join(dir, '.data-eng');
  const child = { command: process.execPath, args: [FINGERPRINT_ONCE], cwd: dir };
  fingerprintCases.push({
    id: `${id}-cold`,
    ...child,
    prepare: () => (rmSync(cache, { recursive: true, force: true }), {}),
  });
  fingerprintCases.push({ id: `${id}-warm`, ...child });
}
const fp = interleaved(fingerprintCases, Math.min(RUNS, 5));
results.fingerprint = Object.fromEntries(
  Object.entries(fp).map(([id, samples]) => {
    const inside = samples.map((s) => JSON.parse(s.stdout));
    const msIn = median(inside.map((r) => r.ms));
    const bytes = inside[0].hashedBytes;
    return [
      id,
      {
        files: inside[0].files,
        hashedBytes: bytes,
        inProcessMs: msIn,
        processMs: median(samples.map((s) => s.ms)),
        ...(bytes ? { gbPerSecond: bytes / 1e9 / (msIn / 1000) } : {}),
      },
    ];
  }),
);

log('build project: scaffolding and preparing 10k files / 118 MB');
const project = buildProject();
const dockerBuild = (dir) => ({
  command: 'docker',
  args: [
    'buildx',
    'build',
    '-q',
    // A label to find every image these builds leave behind, the untagged ones included.
    '--label',
    'data-eng.bench=bench-cache',
    '-f',
    'Dockerfile.airflow',
    '--target',
    project.lastStage,
    '-t',
    `bench-cache-buildkit:${project.lastStage}`,
    '.',
  ],
  cwd: dir,
  env: { ...process.env, DOCKER_BUILDKIT: '1' },
});
const hitCheck = (stdout) => {
  const report = JSON.parse(stdout);
  const targets = report.build?.targets ?? report.targets;
  const missed = targets.filter((t) => !['hit', 'shared'].includes(t.status));
  if (missed.length)
    throw new Error(`Expected cache hits, got: ${missed.map((t) => `${t.target} ${t.status}`).join(', ')}`);
};
log('build project: first build (cold when the engine has never built it)');
timed(process.execPath, [BIN, 'build', '--json'], { cwd: project.dir });
timed(dockerBuild(project.dir).command, dockerBuild(project.dir).args, { cwd: project.dir });

log(`unchanged project: ${RUNS} interleaved rounds`);
const unchanged = interleaved(
  [
    { id: 'node', command: process.execPath, args: ['-e', '0'] },
    { id: 'version', command: process.execPath, args: [BIN, '--version'] },
    {
      id: 'hit',
      command: process.execPath,
      args: [BIN, 'build', '--json'],
      cwd: project.dir,
      check: hitCheck,
    },
    {
      id: 'hook-only',
      command: process.execPath,
      args: [HOOK_ONLY],
      cwd: project.dir,
      check: (out) => hitCheck(JSON.stringify({ build: JSON.parse(out) })),
    },
    { id: 'walk', command: process.execPath, args: [WALK_ONLY], cwd: project.dir },
    { id: 'buildkit', ...dockerBuild(project.dir) },
  ],
  RUNS,
);
results.unchanged = Object.fromEntries(
  Object.entries(unchanged).map(([id, s]) => [id, median(s.map((x) => x.ms))]),
);

log(`fresh clones: ${RUNS} interleaved rounds, a new copy of the project for every run`);
let clones = 0;
const freshClone = () => {
  const dir = join(WORK, `clone-${clones++}`);
  // A clone: the files, not the git-ignored local caches (.data-eng/cache).
  cpSync(project.dir, dir, {
    recursive: true,
    filter: (path) => !path.includes(`${join('.data-eng', 'cache')}`),
  });
  return { cwd: dir };
};
const drop = (options) => rmSync(options.cwd, { recursive: true, force: true });
const clone = interleaved(
  [
    {
      id: 'hit',
      command: process.execPath,
      args: [BIN, 'build', '--json'],
      prepare: freshClone,
      cleanup: drop,
      check: hitCheck,
    },
    { id: 'buildkit', ...dockerBuild(WORK), prepare: freshClone, cleanup: drop },
  ],
  RUNS,
);
results.freshClone = Object.fromEntries(
  Object.entries(clone).map(([id, s]) => [id, median(s.map((x) => x.ms))]),
);

if (!flags['skip-cold']) {
  log(
    `cold build: ${COLD_RUNS} BuildKit build(s) with --no-cache, installing Debian packages from the mirror`,
  );
  const cold = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const { args, env } = dockerBuild(project.dir);
    cold.push(timed('docker', [...args.slice(0, -1), '--no-cache', '.'], { cwd: project.dir, env }).ms);
  }
  results.coldBuildMs = median(cold);
}

// ---- the report ----------------------------------------------------------------------------------

const ms = (value) => `${value.toFixed(0)} ms`;
const verdict = (ok) => (ok ? 'met' : 'NOT met');
const f = results.fingerprint;
const u = results.unchanged;
const c = results.freshClone;
const lines = [
  `build-cache benchmark: node ${results.node}, ${results.cpus} CPUs, build ${results.dist}, medians of ${RUNS} interleaved rounds (fingerprints: ${Math.min(RUNS, 5)})`,
  '',
  'fingerprint (in-process time of fingerprintBuild / whole process)',
  ...['fp-1k', 'fp-10k'].flatMap((id) =>
    ['cold', 'warm'].map((kind) => {
      const r = f[`${id}-${kind}`];
      const rate = r.gbPerSecond ? `, ${r.gbPerSecond.toFixed(2)} GB/s` : '';
      return `  ${`${r.files} files, ${kind}`.padEnd(20)} ${ms(r.inProcessMs).padStart(9)} / ${ms(r.processMs).padStart(9)}${rate}`;
    }),
  ),
  `  target: warm 10k < 50 ms: ${verdict(f['fp-10k-warm'].inProcessMs < 50)}; cold hashing ≥ 1.5 GB/s: ${verdict(f['fp-10k-cold'].gbPerSecond >= 1.5)}`,
  '',
  `unchanged project (10k files, 118 MB), whole processes`,
  `  node -e 0                          ${ms(u.node).padStart(9)}`,
  `  data-eng --version                 ${ms(u.version).padStart(9)}`,
  `  data-eng build (cache hit)         ${ms(u.hit).padStart(9)}`,
  `  build-cache hook alone, no CLI     ${ms(u['hook-only']).padStart(9)}`,
  `  node + bare readdir/lstat walk     ${ms(u.walk).padStart(9)}  (the floor for any hit that checks the files)`,
  `  docker buildx build, all cached    ${ms(u.buildkit).padStart(9)}`,
  `  hit / BuildKit: ${(u.hit / u.buildkit).toFixed(2)} (target ≤ 0.50: ${verdict(u.hit <= u.buildkit / 2)}); hook alone / BuildKit: ${(u['hook-only'] / u.buildkit).toFixed(2)}`,
  '',
  'fresh clone of the project, whole processes',
  `  data-eng build (cache hit)         ${ms(c.hit).padStart(9)}`,
  `  docker buildx build                ${ms(c.buildkit).padStart(9)}`,
  `  hit / BuildKit: ${(c.hit / c.buildkit).toFixed(2)} (target ≤ 0.20: ${verdict(c.hit <= c.buildkit / 5)})`,
];
if (results.coldBuildMs) {
  lines.push(
    '',
    'cold build (dependencies stage installs Debian packages from the mirror)',
    `  docker buildx build --no-cache     ${ms(results.coldBuildMs).padStart(9)}`,
    `  cold build / hit: ${(results.coldBuildMs / u.hit).toFixed(0)}× (target ≥ 500×: ${verdict(results.coldBuildMs / u.hit >= 500)}); cold build / floor: ${(results.coldBuildMs / u.walk).toFixed(0)}×`,
  );
}
if (!flags.keep) {
  // Every image this run made carries the project's label or the BuildKit comparison's name.
  const ids = timed('docker', [
    'images',
    '-q',
    '--filter',
    'label=data-eng.build-cache.project=bench-cache',
  ]).stdout;
  const buildkit = timed('docker', ['images', '-q', '--filter', 'label=data-eng.bench=bench-cache']).stdout;
  const all = [...new Set(`${ids}\n${buildkit}`.split('\n').filter(Boolean))];
  if (all.length) spawnSync('docker', ['rmi', '-f', ...all], { stdio: 'ignore' });
}
if (flags.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
else process.stdout.write(`${lines.join('\n')}\n`);
