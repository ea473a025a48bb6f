// `npm run bench`: the start-up benchmark of the data-eng command, whole processes measured side by side.
// Usage: node bench/bench-scaffold.mjs [--runs N] [--warmup N] [--dist DIR] [--json] [--profile]
//   --runs N     recorded rounds (default 10; 3 with --profile); every case runs once per round, interleaved
//   --dist DIR   the build to measure (default dist; bin/data-eng.js is copied to point at another one)
//   --compare DIR  also measure another build side by side (repeatable), e.g. one made before a change
//                  with this version of scripts/build.mjs (its entry: DIR/cli/main.js)
//   --profile    instead of timing, show where a scaffold's time goes: phases and CPU time by package
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { measureInterleaved } from './process-timing.mjs';
import { profileScaffold } from './profile-scaffold.mjs';
import { printProfile, printTable } from './scaffold-report.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TARGET_MS = 400;

const { values: flags } = parseArgs({
  options: {
    runs: { type: 'string' },
    warmup: { type: 'string', default: '1' },
    dist: { type: 'string', default: 'dist' },
    compare: { type: 'string', multiple: true, default: [] },
    json: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
  },
});
const runs = Number(flags.runs ?? (flags.profile ? 3 : 10));
const warmup = Number(flags.warmup);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(warmup) || warmup < 0) {
  throw new Error(`--runs must be a whole number ≥ 1 and --warmup ≥ 0 (got ${flags.runs}, ${flags.warmup}).`);
}
for (const dir of [flags.dist, ...flags.compare]) {
  if (!existsSync(resolve(ROOT, dir, 'lib', 'cli', 'main.js'))) {
    throw new Error(`${resolve(ROOT, dir)} holds no complete build; run: node scripts/build.mjs ${dir}`);
  }
}
const dist = resolve(ROOT, flags.dist);

const work = mkdtempSync(join(tmpdir(), 'data-eng-bench-'));
/** The real bin for ./dist, or a copy of it that starts from another build. */
function binFor(dir, name) {
  if (dir === resolve(ROOT, 'dist')) return join(ROOT, 'bin', 'data-eng.js');
  const copy = join(work, `${name}.mjs`);
  const source = readFileSync(join(ROOT, 'bin', 'data-eng.js'), 'utf8');
  writeFileSync(copy, source.replaceAll("'../dist/", `'${pathToFileURL(dir).href}/`));
  return copy;
}
const bin = binFor(dist, 'data-eng');
const yeomanEnvironment = import.meta.resolve('yeoman-environment');

const scaffold = (file) => [file, 'new', '{target}', '--defaults', '--skip-install'];
const CASES = [
  { id: 'node', label: 'node -e 0 (bare Node start-up)', args: ['-e', '0'] },
  {
    id: 'yeoman-environment',
    label: "import('yeoman-environment') alone",
    args: ['--input-type=module', '-e', `await import(${JSON.stringify(yeomanEnvironment)})`],
  },
  { id: 'version', label: 'data-eng --version', args: [bin, '--version'] },
  { id: 'new', label: 'data-eng new <dir> --defaults --skip-install', args: scaffold(bin) },
  ...flags.compare.flatMap((dir, index) => {
    const other = binFor(resolve(ROOT, dir), `compare-${index}`);
    return [
      { id: `version-${dir}`, label: `data-eng --version, build ${dir}`, args: [other, '--version'] },
      { id: `new-${dir}`, label: `data-eng new, build ${dir}`, args: scaffold(other) },
    ];
  }),
];

/** Spawn options for one run: a fresh, not yet existing project folder for every scaffold. */
function spawnFor(c, round) {
  const target = join(work, 'projects', `${c.id}-${round < 0 ? `w${-round}` : round}`, 'demo');
  mkdirSync(join(target, '..'), { recursive: true });
  return {
    command: process.execPath,
    args: c.args.map((arg) => arg.replace('{target}', target)),
    cwd: work,
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
  };
}

const context = {
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  cpus: availableParallelism(),
  dist: flags.dist,
  runs,
};
try {
  if (flags.profile) {
    const targets = [
      {
        id: 'bundled',
        label: 'data-eng new (bundled CLI)',
        args: scaffold(bin),
        bundleDir: dist,
      },
    ];
    const profiles = await profileScaffold(targets, { runs, workDir: work, spawnFor });
    if (flags.json) console.log(JSON.stringify({ ...context, profiles }, null, 2));
    else printProfile(context, profiles);
  } else {
    const results = await measureInterleaved(CASES, {
      runs,
      warmup,
      prepare: spawnFor,
      onRound: (round) => !flags.json && process.stderr.write(round < 0 ? 'w' : '.'),
    });
    if (!flags.json) process.stderr.write('\n');
    const byId = Object.fromEntries(results.map((r) => [r.id, r]));
    const ratios = {
      newVsNode: byId.new.median / byId.node.median,
      versionVsNode: byId.version.median / byId.node.median,
      newVsTarget: byId.new.median / TARGET_MS,
    };
    if (flags.json)
      console.log(JSON.stringify({ ...context, warmup, targetMs: TARGET_MS, results, ratios }, null, 2));
    else printTable(context, results, ratios, TARGET_MS);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
