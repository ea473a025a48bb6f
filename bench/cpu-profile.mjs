// Where a process spends its CPU time: a V8 .cpuprofile (node --cpu-prof) summed by top-level package.
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const OWN_PACKAGE = 'generator-data-eng';

/** The npm package a file belongs to (last node_modules segment), or ours. */
export function packageOfPath(path) {
  const index = path.lastIndexOf('/node_modules/');
  if (index === -1) return OWN_PACKAGE;
  const parts = path.slice(index + '/node_modules/'.length).split('/');
  return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

/**
 * esbuild (unminified) starts each bundled module with a comment naming its source, e.g.
 * `// node_modules/yeoman-environment/dist/store.js`; those lines map a bundle line back to a package.
 */
function bundleModuleMap(file) {
  const starts = [];
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, index) => {
    const match = /^\/\/ ((?:\.\.\/)*[\w@.-][^\s]*\.(?:[cm]?[jt]s|json))$/.exec(line);
    if (match) starts.push({ line: index, path: `/${match[1]}` });
  });
  return starts;
}

/** Map a file URL and a 0-based line to a package; undefined for frames without a file. */
function makeClassifier(bundleDir) {
  const maps = new Map();
  return (url, line) => {
    if (!url.startsWith('file://') && !url.startsWith('/')) return undefined;
    const path = url.startsWith('file://') ? fileURLToPath(url) : url;
    if (!bundleDir || !path.startsWith(bundleDir)) return packageOfPath(path);
    if (!maps.has(path)) maps.set(path, bundleModuleMap(path));
    let found;
    for (const start of maps.get(path)) {
      if (start.line > line) break;
      found = start;
    }
    return found ? packageOfPath(found.path) : 'esbuild runtime (CommonJS wrappers, export getters)';
  };
}

/**
 * Sum a profile's samples by package. A sample counts for the nearest frame that belongs to a file
 * (so a package's calls into Node, e.g. fs, count for the package); samples under Node's module
 * loader with no package frame in between are "module loading", the cost of reading, compiling and
 * linking module files. Returns [{ name, ms }] sorted by time, and the profile's total in ms.
 */
export function aggregateProfile(profile, { bundleDir } = {}) {
  const classify = makeClassifier(bundleDir);
  const bundleUrl = bundleDir && pathToFileURL(bundleDir).href;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const owners = new Map();
  const ownerOf = (id) => {
    if (owners.has(id)) return owners.get(id);
    let owner;
    for (let current = id; current !== undefined && !owner; current = parents.get(current)) {
      const { url, functionName, lineNumber } = nodes.get(current).callFrame;
      if (url.startsWith('node:internal/modules/')) owner = 'module loading (Node)';
      else owner = classify(url, lineNumber);
      if (!owner && current === id && !url && functionName.startsWith('(')) owner = functionName;
    }
    owner ??= 'Node internals';
    owners.set(id, owner);
    return owner;
  };
  const selfTime = new Map();
  const { samples, timeDeltas } = profile;
  for (let index = 0; index < samples.length; index++) {
    // timeDeltas[i] is the time before sample i; the sample stands for the time until the next one.
    selfTime.set(samples[index], (selfTime.get(samples[index]) ?? 0) + (timeDeltas[index + 1] ?? 0));
  }
  const totals = new Map();
  const add = (owner, us) => totals.set(owner, (totals.get(owner) ?? 0) + us);
  for (const [id, us] of selfTime) {
    const { callFrame, positionTicks } = nodes.get(id);
    // A function of a bundle chunk (above all the chunk's top level) can hold code of several merged
    // modules; its ticks per line say whose.
    if (bundleUrl && positionTicks?.length && callFrame.url.startsWith(bundleUrl)) {
      const ticks = positionTicks.reduce((sum, tick) => sum + tick.ticks, 0);
      for (const tick of positionTicks)
        add(classify(callFrame.url, tick.line - 1), (us * tick.ticks) / ticks);
    } else add(ownerOf(id), us);
  }
  const rows = [...totals].map(([name, us]) => ({ name, ms: us / 1000 })).sort((a, b) => b.ms - a.ms);
  return { rows, totalMs: (profile.endTime - profile.startTime) / 1000 };
}
