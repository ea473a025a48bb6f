// `bench-scaffold.mjs --profile`: where the time of a scaffold goes, by phase and by package.
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { aggregateProfile } from './cpu-profile.mjs';
import { median, timeProcess } from './process-timing.mjs';

const PRELOAD = fileURLToPath(new URL('./profile-marks.mjs', import.meta.url));

/** Phase boundaries, in the order they happen; the names are the CLI's performance marks. */
const PHASES = [
  ['bootstrap', 'Node start-up (bootstrap)'],
  ['data-eng:cli-loaded', 'CLI code loaded'],
  ['data-eng:yeoman-loaded', 'yeoman-environment loaded'],
  ['data-eng:generator-loaded', 'first generator module loaded (yeoman-generator, our lib)'],
  ['data-eng:run-done', 'generators ran, files written (prompting to end)'],
  ['exit', 'process exit'],
];

/** Median length of each phase: from the previous boundary the run recorded to this one. */
function phaseRows(markRuns) {
  const boundaries = (run) =>
    PHASES.map(([key]) =>
      key === 'bootstrap' || key === 'exit' ? run[key] : run.marks.find((mark) => mark.name === key)?.at,
    );
  const spans = PHASES.map(() => []);
  for (const run of markRuns) {
    let previous = 0;
    boundaries(run).forEach((at, index) => {
      if (at === undefined) return;
      spans[index].push(at - previous);
      previous = at;
    });
  }
  return PHASES.map(([, label], index) => ({
    phase: label,
    ms: spans[index].length ? median(spans[index]) : undefined,
  }));
}

/**
 * Run each target's scaffold `runs` times under `node --cpu-prof`, with the marks preload; return the
 * median time per phase and the median CPU time per package.
 */
export async function profileScaffold(targets, { runs, workDir, spawnFor }) {
  const results = [];
  for (const target of targets) {
    const profileDir = join(workDir, `profile-${target.id}`);
    mkdirSync(profileDir, { recursive: true });
    const markRuns = [];
    for (let run = 0; run < runs; run++) {
      const marksFile = join(profileDir, `marks-${run}.json`);
      const options = await spawnFor(target, run);
      options.args = [
        '--cpu-prof',
        '--cpu-prof-interval',
        '250',
        '--cpu-prof-dir',
        profileDir,
        '--import',
        PRELOAD,
        ...options.args,
      ];
      options.env = { ...options.env, DATA_ENG_MARKS_FILE: marksFile };
      await timeProcess(options);
      markRuns.push(JSON.parse(readFileSync(marksFile, 'utf8')));
    }
    const byPackage = new Map();
    const totals = [];
    for (const file of readdirSync(profileDir).filter((name) => name.endsWith('.cpuprofile'))) {
      const profile = JSON.parse(readFileSync(join(profileDir, file), 'utf8'));
      const { rows, totalMs } = aggregateProfile(profile, { bundleDir: target.bundleDir });
      totals.push(totalMs);
      for (const row of rows) byPackage.set(row.name, [...(byPackage.get(row.name) ?? []), row.ms]);
    }
    const packages = [...byPackage]
      // A package missing from some runs had no samples there: count those runs as 0 ms.
      .map(([name, values]) => ({ name, ms: median([...values, ...Array(runs - values.length).fill(0)]) }))
      .sort((a, b) => b.ms - a.ms);
    results.push({
      id: target.id,
      label: target.label,
      totalMs: median(totals),
      phases: phaseRows(markRuns),
      packages,
    });
  }
  return results;
}
