import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths.js';
import { HOSTILE_TITLE } from '../helpers/hostile.js';
import { runGenerator } from '../helpers/run-generator.js';
import { describeWithServices } from '../helpers/services.js';

// @devcontainers/cli asks the Docker engine (`docker ps`) before it reads a configuration, so this check
// needs the engine; the generator tests check the file's structure without it.
describeWithServices('the dev container with the real @devcontainers/cli', () => {
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
