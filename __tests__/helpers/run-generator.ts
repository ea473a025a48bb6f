import helpers, { type RunResult } from 'yeoman-test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { generatorPath } from './paths.js';
import { COMPONENT_NAMES } from '../../lib/project/catalog.js';

const SUB_GENERATORS: readonly string[] = COMPONENT_NAMES;

/** A fresh, empty project folder that outlives the run (yeoman-test would delete its own on the next run). */
export function projectDir(): string {
  return mkdtempSync(join(tmpdir(), 'data-eng-gen-'));
}

/** Run a generator non-interactively, the way `--defaults` would, in `dir` (a fresh folder by default). */
export function runGenerator(
  name: string,
  options: Record<string, unknown> = {},
  dir: string = projectDir(),
) {
  return helpers
    .run(generatorPath(name))
    .cd(dir)
    .withGenerators(
      SUB_GENERATORS.map(
        (sub) => [generatorPath(sub), { namespace: `data-eng:${sub}` }] as [string, { namespace: string }],
      ),
    )
    .withOptions({ defaults: true, interactive: false, skipInstall: true, ...options } as Record<
      string,
      unknown
    >);
}

export function readYaml(result: RunResult | string, file: string): Record<string, any> {
  const dir = typeof result === 'string' ? result : result.cwd;
  return parse(readFileSync(join(dir, file), 'utf8')) as Record<string, any>;
}

export function readJson(result: RunResult | string, file: string): Record<string, any> {
  const dir = typeof result === 'string' ? result : result.cwd;
  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, any>;
}
