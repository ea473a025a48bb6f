import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DIST } from '../helpers/paths.js';
import { describeWithServices } from '../helpers/services.js';

const RUN = randomBytes(4).toString('hex');
const RUN_LABEL = `data-eng.test-run=${RUN}`;
const dirs: string[] = [];

interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The CLI's entry in the build under test: the bundle bin/data-eng.js starts from, else the tsc output. */
const MAIN = `${DIST}cli/main.js`;

/** The compiled data-eng CLI as a user runs it, in `cwd`. */
function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const entry = `import(${JSON.stringify(MAIN)}).then((m) => m.main(['node', 'data-eng', ...process.argv.slice(1)])).then((code) => { process.exitCode = code; });`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', entry, '--', ...args], {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `data-eng build --json`: each target's status by stage. */
async function buildJson(
  dir: string,
  args: string[] = [],
): Promise<Record<string, { status: string; id: string; key: string }>> {
  const run = await cli(['build', '--json', ...args], dir);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const report = JSON.parse(run.stdout) as {
    build: { targets: { target: string; status: string; id: string; key: string }[] };
  };
  return Object.fromEntries(report.build.targets.map((t) => [t.target, t]));
}

let project: string;

describeWithServices('data-eng build and cache through the real CLI', (services) => {
  beforeAll(async () => {
    const parent = mkdtempSync(join(tmpdir(), 'build-cache-cli-'));
    dirs.push(parent);
    project = join(parent, 'app');
    const created = await cli(
      [
        'new',
        project,
        '--defaults',
        '--no-interactive',
        '--name',
        `bccli-${RUN}`,
        '--plugins',
        'build-cache',
      ],
      parent,
    );
    expect(created.code, created.stderr).toBe(0);
    // Scaffolding recorded the keys of the generated Dockerfile without building anything.
    const record = JSON.parse(readFileSync(join(project, '.data-eng/cache/keys.json'), 'utf8'));
    expect(Object.keys(record.builds.airflow.stages)).toEqual(
      expect.arrayContaining(['dependencies', 'runtime', 'development']),
    );
    // Our own Dockerfile FROM the local Debian image: the generated one pulls Airflow from Docker Hub.
    writeFileSync(
      join(project, 'Dockerfile.airflow'),
      [
        `FROM ${services.baseImage} AS system`,
        `LABEL ${RUN_LABEL}`,
        'FROM system AS dependencies',
        'COPY .dockerignore /requirements-stand-in',
        'RUN echo deps',
        'FROM dependencies AS runtime',
        'COPY dags/ /opt/airflow/dags/',
        'FROM runtime AS development',
        'RUN echo dev',
      ].join('\n'),
    );
  });

  afterAll(() => {
    const ids = execFileSync('docker', ['images', '-q', '--filter', `label=${RUN_LABEL}`], {
      encoding: 'utf8',
    });
    const unique = [...new Set(ids.split('\n').filter(Boolean))];
    if (unique.length) execFileSync('docker', ['rmi', '-f', ...unique], { stdio: 'ignore' });
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('builds a target cold, then answers the same command from the cache', async () => {
    const cold = await buildJson(project, ['--target', 'runtime']);
    expect(cold.runtime!.status).toBe('built');
    const warm = await buildJson(project, ['--target', 'runtime']);
    expect(warm.runtime).toMatchObject({ status: 'hit', id: cold.runtime!.id, key: cold.runtime!.key });
  });

  it('lists the cached image with its project, and prune keeps what compose runs', async () => {
    const { runtime } = await buildJson(project, ['--target', 'runtime']);
    const ls = await cli(['cache', 'ls', '--json'], project);
    expect(ls.code).toBe(0);
    const images = JSON.parse(ls.stdout).images as { key: string; projects: string[]; current: boolean }[];
    expect(images.find((image) => image.key === runtime!.key)).toMatchObject({
      projects: [`bccli-${RUN}`],
      current: true,
    });
    const prune = await cli(['cache', 'prune', '--older-than', '0s', '--dry-run', '--json'], project);
    const result = JSON.parse(prune.stdout).prune as {
      removed: { key: string }[];
      kept: { entry: { key: string } }[];
    };
    expect(result.removed.map((entry) => entry.key)).not.toContain(runtime!.key);
    expect(result.kept.map((kept) => kept.entry.key)).toContain(runtime!.key);
  });

  it('builds a key once when two processes ask for it at the same moment', async () => {
    const twinParent = mkdtempSync(join(tmpdir(), 'build-cache-cli-'));
    dirs.push(twinParent);
    const twin = join(twinParent, 'twin');
    cpSync(project, twin, { recursive: true, filter: (path) => !path.includes('.data-eng/cache') });
    const yoRc = JSON.parse(readFileSync(join(twin, '.yo-rc.json'), 'utf8'));
    yoRc['generator-data-eng'].project.name = `bccli-twin-${RUN}`;
    writeFileSync(join(twin, '.yo-rc.json'), JSON.stringify(yoRc));
    writeFileSync(join(project, 'dags', `race_${RUN}.py`), 'x = 1\n');
    writeFileSync(join(twin, 'dags', `race_${RUN}.py`), 'x = 1\n');
    const [a, b] = await Promise.all([
      buildJson(project, ['--target', 'development']),
      buildJson(twin, ['--target', 'development']),
    ]);
    expect([a.development!.status, b.development!.status].sort()).toEqual(['built', 'shared']);
    expect(a.development!.id).toBe(b.development!.id);
  });

  it('exits non-zero with what to start when the engine does not answer', async () => {
    const run = await cli(['build', '--json'], project, {
      DOCKER_HOST: `unix://${tmpdir()}/no-engine-${RUN}.sock`,
    });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(
      /does not answer.*start Docker Desktop.*WSL integration.*dockerd.*Podman socket/,
    );
  });
});
