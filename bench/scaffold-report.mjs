// The benchmark's human-readable output: a table of medians and ratios, and the profile breakdown.
const ms = (value) => (value === undefined ? '–' : `${value.toFixed(0)} ms`);
const pad = (text, width) => String(text).padEnd(width);
const padStart = (text, width) => String(text).padStart(width);

function header(context, what) {
  console.log(
    `${what}: node ${context.node}, ${context.platform}, ${context.cpus} CPUs, build ${context.dist}, ${context.runs} runs`,
  );
}

/** One line per case: median, min, max and the ratio to bare Node; then the comparisons that matter. */
export function printTable(context, results, ratios, targetMs) {
  header(context, 'data-eng start-up (whole processes, interleaved)');
  const node = results.find((r) => r.id === 'node').median;
  const width = Math.max(...results.map((r) => r.label.length)) + 2;
  console.log(
    `${pad('case (wall time)', width)}${padStart('median', 9)}${padStart('min', 9)}${padStart('max', 9)}${padStart('× node', 9)}${padStart('CPU', 9)}`,
  );
  for (const r of results) {
    console.log(
      `${pad(r.label, width)}${padStart(ms(r.median), 9)}${padStart(ms(r.min), 9)}${padStart(ms(r.max), 9)}${padStart((r.median / node).toFixed(2), 9)}${padStart(ms(r.cpuMedian), 9)}`,
    );
  }
  console.log('(CPU: median user+system time of the process, which other load on the machine disturbs less)');
  console.log('');
  console.log(`--version vs bare Node: ${ratios.versionVsNode.toFixed(2)}×`);
  const verdict = ratios.newVsTarget <= 1 ? 'met' : 'not met';
  console.log(`scaffold target ${targetMs} ms: ${verdict} (${(ratios.newVsTarget * 100).toFixed(0)}% of it)`);
}

/** Per target: the phases of a scaffold, then CPU time by package (top entries). */
export function printProfile(context, profiles, top = 20) {
  header(context, 'where a scaffold spends its time (median of runs)');
  for (const profile of profiles) {
    console.log(`\n${profile.label}: profile spans ${ms(profile.totalMs)}`);
    console.log("  phases (wall time between the CLI's performance marks):");
    for (const row of profile.phases) console.log(`    ${pad(row.phase, 62)}${padStart(ms(row.ms), 9)}`);
    console.log('  CPU time by package (a call into Node counts for the package that made it):');
    for (const row of profile.packages.slice(0, top)) {
      console.log(`    ${pad(row.name, 62)}${padStart(ms(row.ms), 9)}`);
    }
    const rest = profile.packages.slice(top);
    if (rest.length > 0) {
      const restMs = rest.reduce((sum, row) => sum + row.ms, 0);
      console.log(`    ${pad(`${rest.length} more`, 62)}${padStart(ms(restMs), 9)}`);
    }
  }
}
