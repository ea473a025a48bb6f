import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { HOOK_ORDER } from '../../lib/plugins/public-api.js';
import { REPO_ROOT } from '../helpers/paths.js';

// docs/plugins.md is the authoring guide; its API reference must name exactly what the types declare.
const DOC = readFileSync(join(REPO_ROOT, 'docs', 'plugins.md'), 'utf8');
const ENTRY_POINTS = {
  'generator-data-eng/plugin': join(REPO_ROOT, 'lib/plugins/public-api.ts'),
  'generator-data-eng/testing': join(REPO_ROOT, 'cli/testing.ts'),
} as const;
/** The interfaces whose every member the reference documents, by entry point. */
const DOCUMENTED_TYPES = {
  'generator-data-eng/plugin': [
    'PluginDefinition',
    'ContributeContext',
    'StackApi',
    'ServiceSpec',
    'PortBinding',
    'HealthCheck',
    'VolumeMount',
    'ImageBuild',
    'OptionSpec',
    'FileContribution',
    'HookContext',
    'Logger',
    'Progress',
    'ProjectInfo',
  ],
  'generator-data-eng/testing': [
    'RenderPluginOptions',
    'RenderedPlugin',
    'PluginContributions',
    'RunHookOptions',
    'HookRunRecord',
    'ExpectValidPluginOptions',
  ],
} as const;

const program = ts.createProgram(Object.values(ENTRY_POINTS), {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  strict: true,
  skipLibCheck: true,
});
const checker = program.getTypeChecker();

function exportsOf(file: string): Map<string, ts.Symbol> {
  const source = program.getSourceFile(file)!;
  const module = checker.getSymbolAtLocation(source)!;
  return new Map(
    checker.getExportsOfModule(module).map((symbol) => {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      return [symbol.name, target];
    }),
  );
}

/** An interface's own members (inherited ones are documented with their parent), or a type alias's properties. */
function membersOf(symbol: ts.Symbol): string[] {
  const declaration = symbol.declarations?.[0];
  if (declaration && ts.isInterfaceDeclaration(declaration)) {
    // An overloaded method is one member, however many signatures it has.
    return [
      ...new Set(declaration.members.flatMap((member) => (member.name ? [member.name.getText()] : []))),
    ];
  }
  return checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol)).map((p) => p.name);
}

/** The text under a Markdown heading whose title is `title` (in backticks or not), up to the next heading. */
function section(title: string, level: number): string {
  const lines = DOC.split('\n');
  const heading = new RegExp(`^#{${level}} \`?${title.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\`?\\s*$`);
  const start = lines.findIndex((line) => heading.test(line));
  if (start < 0) return '';
  const end = lines.findIndex((line, index) => index > start && /^#{1,6} /.test(line));
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

/** The names in the first cell of each table row: | `name(...)` | ... */
function tableNames(text: string): string[] {
  return text
    .split('\n')
    .flatMap((line) => /^\|\s*`([A-Za-z_$][\w$]*)/.exec(line)?.[1] ?? [])
    .filter((name, index, all) => all.indexOf(name) === index);
}

describe('docs/plugins.md API reference', () => {
  for (const [entry, file] of Object.entries(ENTRY_POINTS)) {
    it(`lists exactly the exports of ${entry}`, () => {
      const documented = tableNames(section(`Exports of ${entry}`, 3));
      expect(documented.sort()).toEqual([...exportsOf(file).keys()].sort());
    });

    for (const type of DOCUMENTED_TYPES[entry as keyof typeof DOCUMENTED_TYPES]) {
      it(`documents every member of ${type}, and nothing else`, () => {
        const symbol = exportsOf(file).get(type);
        expect(symbol, `${type} is not exported from ${entry}`).toBeDefined();
        const body = section(type, 4);
        expect(body, `docs/plugins.md has no "#### ${type}" section`).not.toBe('');
        expect(tableNames(body).sort()).toEqual(membersOf(symbol!).sort());
      });
    }
  }

  it('gives the hooks in the order the runner uses', () => {
    const listed = section('The order hooks run in', 3)
      .split('\n')
      .flatMap((line) => /^\d+\.\s+`(\w+)`/.exec(line)?.[1] ?? []);
    expect(listed).toEqual([...HOOK_ORDER]);
  });
});
