import { readdirSync, readFileSync } from 'node:fs';
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

/** The project files one file imports: static, type-only, re-exports and dynamic import(). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(REPO_ROOT, file), 'utf8');
  const specifiers = [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'/g),
    ...text.matchAll(/import\(\s*'([^']+)'\s*\)/g),
  ].map((match) => match[1]!);
  return specifiers
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) =>
      relative(REPO_ROOT, resolve(REPO_ROOT, dirname(file), specifier)).replace(/\.js$/, '.ts'),
    );
}

const LIB = sources('lib');
const PLUGINS = sources('plugins');
const GENERATORS = sources('generators');

/**
 * The files of lib/ that still reach into generators/ or plugins/: the command line, the catalog of built-ins,
 * and what reads the project's own questions. They are the package's composition root, to move out of lib/;
 * the list may only shrink.
 */
const LIB_REACHING_OUT = [
  'lib/cli/generator-args.ts',
  'lib/cli/run-generator.ts',
  'lib/docs/answer-sections.ts',
  'lib/generator/data-eng-generator.ts',
  'lib/project/catalog.ts',
  'lib/project/check-answer-keys.ts',
  'lib/testing/expect-valid-plugin.ts',
  'lib/testing/render-plugin.ts',
];

describe('layers', () => {
  it('lib/ imports nothing from generators/ or plugins/, but for the files still to move out', () => {
    const reaching = LIB.filter((file) =>
      importsOf(file).some((target) => target.startsWith('generators/') || target.startsWith('plugins/')),
    ).sort();
    expect(reaching).toEqual(LIB_REACHING_OUT);
  });

  it('built-in plugins use only the public plugin API of lib/', () => {
    const outside = PLUGINS.flatMap((file) =>
      importsOf(file)
        .filter((target) => target.startsWith('lib/') && target !== 'lib/plugins/public-api.ts')
        .map((target) => `${file} -> ${target}`),
    );
    expect(outside).toEqual([]);
  });

  it('generators do not import plugins', () => {
    const found = GENERATORS.flatMap((file) =>
      importsOf(file)
        .filter((target) => target.startsWith('plugins/'))
        .map((target) => `${file} -> ${target}`),
    );
    expect(found).toEqual([]);
  });

  it('no file of lib/ is part of an import cycle within lib/ (type-only imports included)', () => {
    const graph = new Map(
      LIB.map((file) => [file, importsOf(file).filter((target) => target.startsWith('lib/'))]),
    );
    const cycles = new Set<string>();
    const visit = (file: string, path: string[]): void => {
      const at = path.indexOf(file);
      if (at >= 0) {
        const cycle = path.slice(at);
        const start = cycle.indexOf([...cycle].sort()[0]!);
        cycles.add([...cycle.slice(start), ...cycle.slice(0, start)].join(' -> '));
        return;
      }
      if (path.length > 40) return;
      for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
    };
    for (const file of LIB) visit(file, []);
    expect([...cycles].sort()).toEqual([]);
  });
});
