import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths.js';
import { setEnv } from '../helpers/env-file.js';
import { runGenerator } from '../helpers/run-generator.js';
import { describeWithServices } from '../helpers/services.js';

const CLI = join(REPO_ROOT, 'bin/data-eng.js');
const MAKE = execFileSync('/bin/sh', ['-c', 'command -v make'], { encoding: 'utf8' }).trim();

/** A folder holding only the given programs (symlinks), to run make with exactly those on PATH. */
function binDir(programs: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'make-path-'));
  for (const [name, target] of Object.entries(programs)) symlinkSync(target, join(dir, name));
  return dir;
}

function make(dir: string, args: string[], path: string) {
  const run = spawnSync(MAKE, args, {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: path, HOME: process.env.HOME ?? '/root' },
    timeout: 900_000,
  });
  if (run.error) throw run.error;
  return run;
}

// The Makefile is run with make itself. The image build uses a STAND-IN for the official Airflow image
// (scripts/images/airflow-standin: its entrypoint contract, uid 50000 and constraints file, no Airflow), so
// Dockerfile.airflow builds offline; .env is the only file changed, as a user points it at a mirror.
describeWithServices('the Makefile goes through the enabled plugins', (services) => {
  const cleanups: string[] = [];
  afterAll(() => {
    for (const dir of cleanups) rmSync(dir, { recursive: true, force: true });
  });

  it('finds data-eng in the project, then on PATH, never lets npx download it, and says so when it falls back to compose', async () => {
    const result = await runGenerator('app', { name: 'make-find' });
    const dir = result.cwd;
    const sh = binDir({ docker: '/usr/bin/docker' });
    const onPath = binDir({ 'data-eng': CLI, node: process.execPath });
    const withNpx = binDir({ npx: '/usr/bin/npx' });
    cleanups.push(dir, sh, onPath, withNpx);

    const none = make(dir, ['-n', 'build', 'up'], sh);
    expect(none.status, none.stderr).toBe(0);
    expect(none.stdout).toContain(
      `echo "make: data-eng was not found (node_modules/.bin, PATH, npx's cache); install it: npm install -g generator-data-eng. Running docker compose directly, without the project's plugins."`,
    );
    expect(none.stdout).toContain('docker compose --profile tools build');
    expect(none.stdout).toContain('docker compose up --detach --wait');

    // npx is used only for a copy it already has: it never downloads (an unpublished or hijacked name would run).
    // Here npx has no copy and no registry that serves the package, so make falls back to compose.
    const uncached = make(dir, ['-n', 'build'], `${withNpx}:${join(process.execPath, '..')}`);
    expect(uncached.stdout).toContain('docker compose --profile tools build');
    expect(uncached.stdout).not.toMatch(/^npx /m);

    const path = make(dir, ['-n', 'build', 'up'], `${onPath}:${withNpx}`);
    expect(path.stdout.trim().split('\n')).toEqual(['data-eng build', 'data-eng up']);

    mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
    symlinkSync(CLI, join(dir, 'node_modules/.bin/data-eng'));
    const own = make(dir, ['-n', 'build', 'up', 'ps', 'down'], `${onPath}:${withNpx}`);
    expect(own.stdout.trim().split('\n')).toEqual([
      'node_modules/.bin/data-eng build',
      'node_modules/.bin/data-eng up',
      'node_modules/.bin/data-eng status',
      'node_modules/.bin/data-eng down',
    ]);
  });

  it('without the build cache or an orchestrator, make runs compose directly, with no notice', async () => {
    const result = await runGenerator('app', { name: 'make-plain', plugins: 'orchestrator-kubernetes' });
    cleanups.push(result.cwd);
    const run = make(result.cwd, ['-n', 'build', 'up'], binDir({ npx: '/usr/bin/npx' }));
    expect(run.stdout.trim().split('\n')).toEqual([
      'docker compose --profile tools build',
      'docker compose up --detach --wait',
    ]);
  });

  it(
    'make build runs data-eng build: the second is a cache hit for every stage',
    { timeout: 1_800_000 },
    async () => {
      const name = `makebuild${process.pid}`;
      const result = await runGenerator('app', { name });
      const dir = result.cwd;
      cleanups.push(dir);
      setEnv(dir, { AIRFLOW_IMAGE_REPO: services.airflowStandinImage.replace(/:[^:/]+$/, '') });
      mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
      symlinkSync(CLI, join(dir, 'node_modules/.bin/data-eng'));
      const path = `${join(process.execPath, '..')}:/usr/local/bin:/usr/bin:/bin`;
      try {
        const first = make(dir, ['build'], path);
        expect(first.status, first.stderr + first.stdout).toBe(0);
        expect(first.stdout).toMatch(/^node_modules\/\.bin\/data-eng build$/m);
        const second = make(dir, ['build'], path);
        expect(second.status, second.stderr).toBe(0);
        const rows = second.stdout.split('\n').filter((line) => /^airflow:\S+\s/.test(line));
        expect(rows.map((row) => row.split(/\s+/)[0])).toEqual([
          'airflow:system',
          'airflow:dependencies',
          'airflow:runtime',
          'airflow:development',
        ]);
        for (const row of rows) expect(row.split(/\s+/)[1], row).toBe('cached');
      } finally {
        spawnSync('bash', [
          '-c',
          `docker images --format '{{.Repository}}:{{.Tag}}' | grep '^${name}-' | xargs -r docker rmi -f`,
        ]);
      }
    },
  );
});
