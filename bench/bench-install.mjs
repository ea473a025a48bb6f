// `npm run bench:install`: the weight of a user's install, `npm install -g <tarball>` (without yo) into an
// empty npm prefix: megabytes on disk, packages installed, and the install's wall time.
// Usage: node bench/bench-install.mjs [--before REF] [--runs N] [--json]
//   --before REF  also pack the package at a git ref (built in a temporary worktree) and compare
//   --runs N      installs per tarball for the time median (default 1; size and count do not vary)
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values: flags } = parseArgs({
  options: {
    before: { type: 'string' },
    runs: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
  },
});
const runs = Number(flags.runs);
if (!Number.isInteger(runs) || runs < 1)
  throw new Error(`--runs must be a whole number ≥ 1 (got ${flags.runs}).`);

const work = mkdtempSync(join(tmpdir(), 'data-eng-bench-install-'));
const say = (text) => !flags.json && process.stderr.write(`${text}\n`);
const run = (command, args, cwd) =>
  execFileSync(command, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1 << 26,
  });

/** npm pack a source tree into a folder of its own under `work` (both tarballs have the same name). */
function pack(dir, label) {
  const destination = join(work, `pack-${label}`);
  mkdirSync(destination);
  const name = run('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', destination], dir)
    .trim()
    .split('\n')
    .pop();
  return join(destination, name);
}

/** Bytes on disk under a folder (file sizes), and the packages in its node_modules trees. */
function measureTree(dir) {
  let bytes = 0;
  let diskBytes = 0;
  let packages = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const stats = statSync(path);
    bytes += stats.size;
    diskBytes += stats.blocks * 512;
    // Apparent size (the sum of file sizes), as npm and the registry count it; `du` reports more, in blocks.
    // A package is a package.json directly inside node_modules/<name>/ or node_modules/@scope/<name>/.
    if (entry.name === 'package.json' && /node_modules\/(@[^/]+\/)?[^/@][^/]*$/.test(entry.parentPath))
      packages++;
  }
  return { bytes, diskBytes, packages };
}

function measureInstall(tarball) {
  const times = [];
  let size;
  for (let i = 0; i < runs; i++) {
    const prefix = mkdtempSync(join(work, 'prefix-'));
    const start = performance.now();
    run(
      'npm',
      ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline', tarball],
      work,
    );
    times.push(performance.now() - start);
    size = measureTree(join(prefix, 'lib', 'node_modules'));
    rmSync(prefix, { recursive: true, force: true });
  }
  times.sort((a, b) => a - b);
  return {
    tarballBytes: statSync(tarball).size,
    installBytes: size.bytes,
    diskBytes: size.diskBytes,
    // The generator itself is one of the packages counted; what it pulls in is the rest.
    packages: size.packages,
    medianMs: Math.round(times[Math.floor(times.length / 2)]),
  };
}

try {
  const cases = [];
  if (flags.before) {
    const tree = join(work, 'before');
    say(`building ${flags.before} in a temporary worktree…`);
    run('git', ['worktree', 'add', '--detach', tree, flags.before], ROOT);
    try {
      run('npm', ['ci', '--no-audit', '--no-fund'], tree);
      cases.push({ label: `before (${flags.before})`, tarball: pack(tree, 'before') });
    } catch (error) {
      run('git', ['worktree', 'remove', '--force', tree], ROOT);
      throw error;
    }
  }
  say('packing this tree…');
  cases.push({ label: 'now (this tree)', tarball: pack(ROOT, 'now') });
  const results = [];
  for (const c of cases) {
    say(`installing ${c.label}…`);
    results.push({ label: c.label, ...measureInstall(c.tarball) });
  }
  if (flags.before) run('git', ['worktree', 'remove', '--force', join(work, 'before')], ROOT);
  const ratio = results.length === 2 ? results[0].installBytes / results[1].installBytes : undefined;
  if (flags.json) {
    console.log(JSON.stringify({ node: process.version, runs, results, sizeRatio: ratio }, null, 2));
  } else {
    const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
    console.log(`npm install -g <tarball> into an empty prefix, Node ${process.version}, ${runs} run(s)`);
    console.log('case                        tarball  files (sum)  on disk (du)  packages  time (median)');
    for (const r of results) {
      console.log(
        `${r.label.padEnd(28)}${mb(r.tarballBytes).padStart(8)}${mb(r.installBytes).padStart(13)}${mb(r.diskBytes).padStart(14)}${String(r.packages).padStart(10)}${`${(r.medianMs / 1000).toFixed(1)} s`.padStart(15)}`,
      );
    }
    if (ratio) {
      const disk = results[0].diskBytes / results[1].diskBytes;
      const count = results[0].packages / results[1].packages;
      console.log(
        `before / now: files ${ratio.toFixed(2)}×, on disk ${disk.toFixed(2)}×, packages ${count.toFixed(2)}×`,
      );
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
