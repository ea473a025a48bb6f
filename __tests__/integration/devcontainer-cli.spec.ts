import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths.js';
import { HOSTILE_TITLE } from '../helpers/hostile.js';
import { setEnv } from '../helpers/env-file.js';
import { runGenerator } from '../helpers/run-generator.js';
import { parseDotenv } from '../../lib/config/dotenv.js';
import { describeWithServices } from '../helpers/services.js';

const DEVCONTAINER = join(REPO_ROOT, 'node_modules/.bin/devcontainer');

/** The last line of @devcontainers/cli's output is its JSON result. */
function devcontainer(args: string[], timeout = 600_000): Record<string, any> {
  const run = spawnSync(DEVCONTAINER, args, { encoding: 'utf8', timeout, stdio: ['ignore', 'pipe', 'pipe'] });
  const last = run.stdout.trim().split('\n').pop() ?? '';
  let result: Record<string, any>;
  try {
    result = JSON.parse(last) as Record<string, any>;
  } catch {
    throw new Error(
      `devcontainer ${args[0]} printed no result (exit ${run.status}):\n${run.stderr.slice(-4000)}`,
    );
  }
  if (run.status !== 0) result.stderr = run.stderr.slice(-4000);
  return result;
}

// @devcontainers/cli asks the Docker engine (`docker ps`) before it reads a configuration, so this check
// needs the engine; the generator tests check the file's structure without it.
describeWithServices('the dev container with the real @devcontainers/cli', (services) => {
  const cleanups: (() => void)[] = [];
  afterAll(() => {
    for (const cleanup of cleanups.reverse()) cleanup();
  });

  it('passes @devcontainers/cli read-configuration', async () => {
    const result = await runGenerator('app', { name: 'devcontainer-check', title: HOSTILE_TITLE });
    const out = execFileSync(DEVCONTAINER, ['read-configuration', '--workspace-folder', result.cwd], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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

  // The generated files stay as a user gets them. What this machine cannot give is changed from outside:
  // .env points POSTGRES_IMAGE at the local PostgreSQL image and AIRFLOW_IMAGE_REPO at a STAND-IN for the
  // official Airflow image (no Airflow in it; it keeps the image's entrypoint contract, uid 50000 and group 0,
  // and its constraints file; scripts/images/airflow-standin). Dockerfile.airflow builds the development
  // stage on it as it would on the real image. An override configuration narrows runServices to PostgreSQL,
  // since the Airflow services need Airflow itself.
  it(
    '`devcontainer up` starts the workspace through the image entrypoint, and the project imports from /workspace',
    { timeout: 900_000 },
    async () => {
      const name = `devc${process.pid}`;
      // With dbt, so the workspace must run it too: its environment, its DBT_* and the password from the secret file.
      const result = await runGenerator('app', {
        name,
        title: HOSTILE_TITLE,
        components: ['postgres', 'airflow', 'devcontainer', 'dbt'],
      });
      const dir = result.cwd;
      const repo = services.airflowStandinImage.replace(/:[^:/]+$/, '');
      setEnv(dir, { POSTGRES_IMAGE: services.postgresImage, AIRFLOW_IMAGE_REPO: repo });
      // The project belongs to its user, whose uid is AIRFLOW_UID (50000 by default), as on a laptop.
      execFileSync('chmod', ['0755', dir]);
      execFileSync('chown', ['-R', '50000:0', dir]);
      const config = JSON.parse(readFileSync(join(dir, '.devcontainer/devcontainer.json'), 'utf8'));
      const overrideDir = mkdtempSync(join(tmpdir(), 'devc-override-'));
      const override = join(overrideDir, 'devcontainer.json');
      writeFileSync(
        override,
        JSON.stringify({
          ...config,
          dockerComposeFile: [join(dir, 'compose.yaml')],
          runServices: ['postgres'],
        }),
      );
      cleanups.push(() => {
        const ids = execFileSync(
          'docker',
          ['ps', '-aq', '--filter', `label=devcontainer.local_folder=${dir}`],
          {
            encoding: 'utf8',
          },
        )
          .trim()
          .split('\n')
          .filter(Boolean);
        const projects = new Set(
          ids.map((id) =>
            execFileSync(
              'docker',
              ['inspect', '-f', '{{ index .Config.Labels "com.docker.compose.project" }}', id],
              {
                encoding: 'utf8',
              },
            ).trim(),
          ),
        );
        for (const project of projects) {
          spawnSync(
            'docker',
            ['compose', '-p', project, 'down', '--volumes', '--rmi', 'local', '--timeout', '5'],
            {
              cwd: dir,
              stdio: 'ignore',
            },
          );
        }
        spawnSync('docker', ['image', 'rm', '--force', `${name}-airflow:development`], { stdio: 'ignore' });
        rmSync(overrideDir, { recursive: true, force: true });
        rmSync(dir, { recursive: true, force: true });
      });

      const up = devcontainer(['up', '--workspace-folder', dir, '--override-config', override]);
      expect(up, JSON.stringify(up)).toMatchObject({ outcome: 'success' });

      const container = JSON.parse(
        execFileSync('docker', ['inspect', up.containerId], { encoding: 'utf8' }),
      )[0];
      // The image's entrypoint stays in place and its command starts with bash, which it runs as given.
      // The CLI wraps the entrypoint in its own `exec "$@"` script, which ends with the image's.
      expect(container.Config.Entrypoint.at(-1)).toBe('/entrypoint');
      expect(container.Config.Cmd[0]).toBe('bash');
      expect(container.State.Running).toBe(true);

      const exec = (command: string[]) =>
        execFileSync(
          DEVCONTAINER,
          ['exec', '--workspace-folder', dir, '--override-config', override, ...command],
          { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 },
        ).trim();
      expect(exec(['python', '-c', `import ${name}; print(${name}.__file__)`])).toBe(
        `/workspace/src/${name}/__init__.py`,
      );
      // The settings loader reads conf/ of the mounted project.
      expect(
        exec([
          'python',
          '-c',
          `from ${name}.settings import load_settings; print(load_settings().layers[0])`,
        ]),
      ).toBe('/workspace/conf/config.yaml');
      expect(exec(['sh', '-c', 'id -u; id -g; echo "$AIRFLOW__CORE__DAGS_FOLDER"'])).toBe(
        '50000\n0\n/workspace/dags',
      );
      // The dbt extension's interpreter is there, and a shell (which the extension's environment comes from, via
      // ~/.bashrc, written by post-create.sh) has DBT_PASSWORD from the mounted file: its length is compared, never
      // its value printed.
      const password = parseDotenv(readFileSync(join(dir, '.env'), 'utf8')).ANALYTICS_DB_PASSWORD!;
      expect(config.customizations.vscode.settings['dbt.dbtPythonPathOverride']).toBe(
        '/opt/airflow/dbt-venv/bin/python',
      );
      expect(
        exec([
          'bash',
          '-ic',
          'test -x /opt/airflow/dbt-venv/bin/python && echo "$DBT_HOST $DBT_USER ${#DBT_PASSWORD}"',
        ])
          .split('\n')
          .pop(),
      ).toBe(`postgres analytics ${password.length}`);
    },
  );
});
