import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectFiles, unparseableFiles } from '../helpers/check-files.js';
import { HOSTILE_TITLE } from '../helpers/hostile.js';
import { readJson, runGenerator } from '../helpers/run-generator.js';

describe('hostile input', () => {
  it('rejects project names that are not slugs, whatever they hold', async () => {
    for (const name of [
      'my project',
      'Sales',
      'a"b',
      '$x',
      'naïve',
      'line\nbreak',
      '-lead',
      'x'.repeat(64),
    ]) {
      await expect(runGenerator('app', { name }), name).rejects.toThrow(/Invalid project\.name \(--name\)/);
    }
  });

  it('rejects a title with a line break, saying so', async () => {
    await expect(runGenerator('app', { name: 'ok', title: 'two\nlines' })).rejects.toThrow(
      'keep the title on one line',
    );
  });

  it('keeps every YAML, JSON, Python, shell and TOML file parseable with a title full of quotes, $ and unicode', async () => {
    const result = await runGenerator('app', { name: 'hostile', title: HOSTILE_TITLE });
    expect(projectFiles(result.cwd).length).toBeGreaterThan(8);
    expect(unparseableFiles(result.cwd)).toEqual([]);
    // And the title comes out as written where it is shown.
    expect(readJson(result, '.devcontainer/devcontainer.json').name).toBe(HOSTILE_TITLE);
    expect(
      JSON.parse(readFileSync(join(result.cwd, '.yo-rc.json'), 'utf8'))['generator-data-eng'].project.title,
    ).toBe(HOSTILE_TITLE);
  });
});
