import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/paths.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EXIT } from '../../cli/exit-codes.js';
import { describeWithServices } from '../helpers/services.js';
import {
  dataEng,
  docker,
  freePort,
  holdPort,
  makeProject,
  removeProjectObjects,
} from './orchestrator-fixture.js';

const NAME = `doctor-it-${process.pid}`;
const CLI = join(REPO_ROOT, 'bin/data-eng.js');

interface Result {
  id: string;
  status: string;
  detail: string;
  fix?: string;
}

describeWithServices('data-eng doctor against the real engine', (services) => {
  let dir: string;
  let port: number;
  const byId = (results: Result[], id: string): Result => results.find((r) => r.id === id)!;

  beforeAll(async () => {
    port = await freePort();
    dir = await makeProject({
      name: NAME,
      orchestrator: 'orchestrator-compose',
      port,
      postgresImage: services.postgresImage,
    });
  });

  afterAll(() => {
    removeProjectObjects(NAME);
    rmSync(dir, { recursive: true, force: true });
  });

  it('passes on this machine: engine, compose v2, resources, free project ports; WSL checks skip outside WSL', async () => {
    const run = await dataEng(dir, ['doctor', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const { ok, results } = run.json() as { ok: boolean; results: Result[] };
    expect(ok).toBe(true);
    expect(byId(results, 'docker.reachable')).toMatchObject({ status: 'pass' });
    expect(byId(results, 'docker.reachable').detail).toMatch(
      /^Docker \S+ \(API 1\.\d+\) at unix:\/\/\/var\/run\/docker\.sock$/,
    );
    expect(byId(results, 'compose.v2').detail).toMatch(/^docker compose 2\.\d+\.\d+/);
    const info = JSON.parse(docker('info', '--format', '{{json .}}')) as { NCPU: number; MemTotal: number };
    expect(byId(results, 'resources.cpus')).toMatchObject({
      status: 'pass',
      detail: `Docker has ${info.NCPU} CPUs`,
    });
    expect(byId(results, 'resources.memory').detail).toBe(
      `Docker has ${(info.MemTotal / 1024 ** 3).toFixed(1)} GB of memory`,
    );
    expect(byId(results, 'resources.disk').status).toBe('pass');
    expect(byId(results, 'ports.postgres.5432')).toMatchObject({
      status: 'pass',
      detail: `127.0.0.1:${port} is free`,
    });
    expect(byId(results, 'wsl')).toMatchObject({ status: 'skip', detail: 'Not running under WSL' });
  });

  it('fails with exit 4 and the fix when another program holds a project port, in text and in JSON', async () => {
    const held = await holdPort(port);
    try {
      const text = await dataEng(dir, ['doctor']);
      expect(text.code).toBe(EXIT.ENVIRONMENT);
      const lines = text.stdout.split('\n');
      const at = lines.findIndex((line) =>
        line.startsWith(`FAIL  Port ${port} for postgres (POSTGRES_PORT) is free`),
      );
      expect(at).toBeGreaterThanOrEqual(0);
      expect(lines[at + 1]).toMatch(
        /^ {6}fix: Set POSTGRES_PORT=\d+ in \.env, or stop the program that holds port \d+\.$/,
      );
      expect(text.stderr).toBe(
        'data-eng: 1 check failed; apply the fix shown for each and run data-eng doctor again.\n',
      );
      const json = await dataEng(dir, ['doctor', '--json']);
      expect(json.code).toBe(EXIT.ENVIRONMENT);
      expect(json.json().ok).toBe(false);
      expect(byId(json.json().results, 'ports.postgres.5432')).toMatchObject({
        status: 'fail',
        detail: `127.0.0.1:${port} is in use by another program`,
      });
    } finally {
      await held.close();
    }
  });

  it("a port held by the project's own running service passes", async () => {
    expect((await dataEng(dir, ['up', 'postgres', '--json', '--timeout', '180'])).code).toBe(0);
    const run = await dataEng(dir, ['doctor', '--json']);
    expect(run.code).toBe(0);
    expect(byId(run.json().results, 'ports.postgres.5432')).toMatchObject({
      status: 'pass',
      detail: `127.0.0.1:${port} is in use by this project's postgres (running)`,
    });
  });

  it('honours DOCKER_HOST: an engine that does not answer fails the Docker check with what to start', async () => {
    const run = await dataEng(dir, ['doctor', '--json'], { DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
    expect(run.code).toBe(EXIT.ENVIRONMENT);
    const { results } = run.json() as { results: Result[] };
    expect(byId(results, 'docker.reachable')).toMatchObject({
      status: 'fail',
      detail: 'No engine answers at unix:///nonexistent/docker.sock (no socket at /nonexistent/docker.sock)',
    });
    expect(byId(results, 'docker.reachable').fix).toMatch(/start Docker Desktop .*WSL Integration/);
    expect(byId(results, 'resources').status).toBe('skip');
  });

  it('names the docker group when the socket refuses the user (EACCES), not Docker Desktop', () => {
    // A socket only root may open, and doctor run as an ordinary user (uid 1000), as on a laptop where the
    // user is not yet in the docker group.
    const socketDir = mkdtempSync(join(tmpdir(), 'doctor-eacces-'));
    chmodSync(socketDir, 0o755);
    const socket = join(socketDir, 'docker.sock');
    const server = createServer().listen(socket);
    try {
      chmodSync(socket, 0o600);
      const run = spawnSync(
        'setpriv',
        ['--reuid=1000', '--regid=1000', '--clear-groups', process.execPath, CLI, 'doctor', '--json'],
        {
          cwd: '/',
          encoding: 'utf8',
          env: { PATH: '/usr/bin:/bin', HOME: '/tmp', DOCKER_HOST: `unix://${socket}` },
        },
      );
      expect(run.status, run.stderr).toBe(EXIT.ENVIRONMENT);
      const { results } = JSON.parse(run.stdout) as { results: Result[] };
      expect(byId(results, 'docker.reachable').detail).toMatch(/EACCES/);
      expect(byId(results, 'docker.reachable').fix).toMatch(
        /^Permission denied on the Docker socket .*: add your user to the docker group \(sudo usermod -aG docker \$USER/,
      );
    } finally {
      server.close();
      rmSync(socketDir, { recursive: true, force: true });
    }
  });

  it('runs outside a project with the machine checks only', async () => {
    const run = await dataEng('/', ['doctor', '--json']);
    expect(byId(run.json().results, 'ports')).toMatchObject({
      status: 'skip',
      detail: 'Not inside a data-eng project',
    });
  });
});
