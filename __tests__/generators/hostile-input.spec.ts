import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectFiles, unparseableFiles } from '../helpers/check-files.js';
import { readJson, runGenerator } from '../helpers/run-generator.js';
import { REPO_ROOT } from '../helpers/paths.js';

const HOSTILE_TITLE = `O'Brien "ETL" $HOME \${PATH} \`id\` \\n back\\slash ünïcödé 数据 🚀 <b>#1</b> % {{ x }} ]]`;

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

  it('passes @devcontainers/cli read-configuration', async () => {
    const result = await runGenerator('app', { name: 'devcontainer-check', title: HOSTILE_TITLE });
    const out = execFileSync(
      join(REPO_ROOT, 'node_modules/.bin/devcontainer'),
      ['read-configuration', '--workspace-folder', result.cwd],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const { configuration } = JSON.parse(out.trim().split('\n').pop()!);
    expect(configuration.service).toBe('workspace');
    expect(configuration.dockerComposeFile).toEqual(['../compose.yaml']);
    expect(configuration.customizations.vscode.extensions).toEqual(
      expect.arrayContaining([
        'ms-python.python',
        'charliermarsh.ruff',
        'redhat.vscode-yaml',
        'ms-azuretools.vscode-docker',
      ]),
    );
  });
});
