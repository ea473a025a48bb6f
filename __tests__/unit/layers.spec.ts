import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths.js';

/** Every product source file (no specs, no templates), by its path from the repository root. */
function sources(folder: string): string[] {
  return readdirSync(join(REPO_ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.ts') && !path.endsWith('.spec.ts') && !path.endsWith('.d.ts'))
    .filter((path) => !path.includes('templates/'))
    .map((path) => join(folder, path));
}

/** What the package's own name resolves to, for a file that imports itself by name. */
const SELF: Readonly<Record<string, string>> = {
  'generator-data-eng/plugin': 'lib/plugins/public-api.ts',
  'generator-data-eng/testing': 'cli/testing.ts',
};

/**
 * The project files (or, for a computed path, the folder) one file refers to: static, type-only and side-effect
 * imports, re-exports, dynamic import() (a template's fixed start), `new URL(…, import.meta.url)` and the
 * package's own name. Comments are removed first, so one cannot hide an import.
 */
function importsOf(file: string): string[] {
  const text = readFileSync(join(REPO_ROOT, file), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
  const quoted = `['"\`]([^'"\`]+?)(?:\\$\\{[^}]*\\}[^'"\`]*)?['"\`]`;
  const specifiers = [
    ...text.matchAll(new RegExp(`\\b(?:import|export)\\s[^'"\`;]*?\\bfrom\\s+${quoted}`, 'g')),
    ...text.matchAll(new RegExp(`\\bimport\\s+${quoted}`, 'g')),
    ...text.matchAll(new RegExp(`\\bimport\\(\\s*${quoted}`, 'g')),
    ...text.matchAll(new RegExp(`\\bnew URL\\(\\s*${quoted}\\s*,\\s*import\\.meta\\.url`, 'g')),
  ].map((match) => match[1]!);
  return specifiers.flatMap((specifier) => {
    const self = Object.entries(SELF).find(
      ([name]) => specifier === name || specifier.startsWith(`${name}/`),
    );
    if (self) return [self[1]];
    if (specifier === 'generator-data-eng' || specifier.startsWith('generator-data-eng/'))
      return ['(package)'];
    if (!specifier.startsWith('.')) return [];
    return [relative(REPO_ROOT, resolve(REPO_ROOT, dirname(file), specifier)).replace(/\.js$/, '.ts')];
  });
}

const LIB = sources('lib');
const PLUGINS = sources('plugins');
const GENERATORS = sources('generators');
const CLI = sources('cli');

/** The one module of the composition root a generator may import: its entry registers the built-ins. */
const CATALOG = 'cli/catalog.ts';

describe('layers', () => {
  it('lib/ imports nothing from cli/, generators/ or plugins/', () => {
    const outward = LIB.flatMap((file) =>
      importsOf(file)
        .filter((target) => !target.startsWith('lib/'))
        .map((target) => `${file} -> ${target}`),
    );
    expect(outward).toEqual([]);
  });

  it('built-in plugins use only the public plugin API of lib/, and nothing of cli/ or generators/', () => {
    const outside = PLUGINS.flatMap((file) =>
      importsOf(file)
        .filter((target) => !target.startsWith('plugins/') && target !== 'lib/plugins/public-api.ts')
        .map((target) => `${file} -> ${target}`),
    );
    expect(outside).toEqual([]);
  });

  it('generators do not import plugins, and of cli/ only the catalog, from their entry modules', () => {
    const found = GENERATORS.flatMap((file) =>
      importsOf(file)
        .filter(
          (target) =>
            target.startsWith('plugins/') ||
            (target.startsWith('cli/') && !(target === CATALOG && file.endsWith('/index.ts'))),
        )
        .map((target) => `${file} -> ${target}`),
    );
    expect(found).toEqual([]);
  });

  it('no source file is part of an import cycle (type-only and dynamic imports included)', () => {
    const all = [...CLI, ...LIB, ...GENERATORS, ...PLUGINS];
    const graph = new Map(
      all.map((file) => [file, importsOf(file).filter((target) => all.includes(target))]),
    );
    expect(cyclesOf(graph)).toEqual([]);
  });

  it('the checks see every kind of import, hidden ones too, and find a cycle where there is one', () => {
    const probe = join(REPO_ROOT, 'lib', `layers-probe-${process.pid}.ts`);
    writeFileSync(
      probe,
      [
        "/* a comment */ import { a } from '../cli/a.js';",
        'const name = "x";',
        'await import(`../generators/${name}/index.js`);',
        "await import('../plugins/b.js', { with: {} });",
        "new URL('../cli/c.js', import.meta.url);",
        "import type { D } from 'generator-data-eng/testing';",
        "export * from './d.js';",
      ].join('\n'),
    );
    try {
      expect(importsOf(relative(REPO_ROOT, probe)).sort()).toEqual([
        'cli/a.ts',
        'cli/c.ts',
        'cli/testing.ts',
        'generators',
        'lib/d.ts',
        'plugins/b.ts',
      ]);
    } finally {
      rmSync(probe);
    }
    expect(importsOf(CATALOG)).toContain('generators/app/options.ts'); // static
    expect(importsOf(CATALOG)).toContain('plugins/build-cache/index.ts'); // dynamic
    expect(importsOf('cli/testing.ts')).toContain(CATALOG); // side effect only
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
      ['e', ['e']],
    ]);
    expect(cyclesOf(graph)).toEqual([['a', 'b', 'c'], ['e']]);
  });
});

/** The import cycles of a graph: its strongly connected components of more than one file, or a file importing itself (Tarjan). */
function cyclesOf(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const connect = (file: string): void => {
    index.set(file, counter);
    low.set(file, counter++);
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!index.has(next)) {
        connect(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(file, Math.min(low.get(file)!, index.get(next)!));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || (graph.get(file) ?? []).includes(file)) cycles.push(component.sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) connect(file);
  return cycles.sort((x, y) => x[0]!.localeCompare(y[0]!));
}
