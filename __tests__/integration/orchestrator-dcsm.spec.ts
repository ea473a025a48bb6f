import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { EXIT } from '../../cli/exit-codes.js';
import { describeWithServices } from '../helpers/services.js';
import {
  dataEng,
  docker,
  freePort,
  holdPort,
  makeProject,
  psql,
  removeProjectObjects,
} from './orchestrator-fixture.js';

const NAME = `od-it-${process.pid}`;
const NAMESPACE = `${NAME}_main`;
const NS_LABEL = 'devcontainer-service-manager.namespace';

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describeWithServices('orchestrator-dcsm runner against the real engine', (services) => {
  let dir: string;
  let port: number;
  const dirs: string[] = [];
  const names = (kind: 'ps' | 'volume' | 'network', namespace: string): string[] =>
    (kind === 'ps'
      ? docker('ps', '-a', '--format', '{{.Names}}', '--filter', `label=${NS_LABEL}=${namespace}`)
      : docker(kind, 'ls', '--format', '{{.Name}}', '--filter', `label=${NS_LABEL}=${namespace}`)
    )
      .split('\n')
      .filter(Boolean)
      .sort();
  const idOf = (container: string): string => docker('inspect', '--format', '{{.Id}}', container);

  beforeAll(async () => {
    port = await freePort();
    dir = await makeProject({
      name: NAME,
      orchestrator: 'orchestrator-dcsm',
      port,
      postgresImage: services.postgresImage,
      branch: 'main',
    });
    dirs.push(dir);
  });

  afterAll(() => {
    removeProjectObjects(NAME);
    for (const created of dirs) rmSync(created, { recursive: true, force: true });
  });

  it('up starts postgres, then the dependent once postgres is ready; everything carries the namespace labels', async () => {
    const up = await dataEng(dir, ['up', '--json', '--timeout', '180']);
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    const result = up.json();
    expect(result.namespace).toBe(NAMESPACE);
    expect(result.actions).toEqual({ postgres: 'create', client: 'create' });
    expect(result.services).toEqual([
      { service: 'postgres', state: 'running', health: 'healthy', ports: [`127.0.0.1:${port}->5432/tcp`] },
      { service: 'client', state: 'running', health: 'healthy', ports: [] },
    ]);
    // The client checks postgres once at its start and exits 1 when it is not ready: it ran its insert instead,
    // and it started after the server (not the init-time server) said it was ready.
    expect(psql(`${NAMESPACE}_postgres`, 'select count(*) from starts')).toBe('1');
    const ready = docker('logs', '--timestamps', `${NAMESPACE}_postgres`)
      .split('\n')
      .filter((line) => line.includes('database system is ready to accept connections'))
      .map((line) => Date.parse(line.split(' ')[0]!));
    const clientStarted = Date.parse(
      docker('inspect', '--format', '{{.State.StartedAt}}', `${NAMESPACE}_client`),
    );
    expect(ready.at(-1)!).toBeLessThanOrEqual(clientStarted);

    expect(names('ps', NAMESPACE)).toEqual([`${NAMESPACE}_client`, `${NAMESPACE}_postgres`]);
    expect(names('volume', NAMESPACE)).toEqual([`${NAMESPACE}_client-scratch`, `${NAMESPACE}_postgres-data`]);
    expect(names('network', NAMESPACE)).toEqual([`${NAMESPACE}_default`]);
    const labels = JSON.parse(
      docker('inspect', '--format', '{{json .Config.Labels}}', `${NAMESPACE}_postgres`),
    );
    expect(labels).toMatchObject({
      [NS_LABEL]: NAMESPACE,
      'devcontainer-service-manager.service': 'postgres',
      'devcontainer-service-manager.project': NAME,
      'devcontainer-service-manager.branch': 'main',
      'io.data-eng.project': NAME,
    });
    const check = JSON.parse(
      docker('inspect', '--format', '{{json .Config.Healthcheck}}', `${NAMESPACE}_postgres`),
    );
    expect(check).toMatchObject({
      Test: ['CMD', 'pg_isready', '-h', '127.0.0.1', '-U', 'airflow', '-d', 'airflow'],
      Interval: 5e9,
      Retries: 10,
    });
  });

  it('a second up reuses the running containers of the namespace', async () => {
    const before = [idOf(`${NAMESPACE}_postgres`), idOf(`${NAMESPACE}_client`)];
    const up = await dataEng(dir, ['up', '--json']);
    expect(up.code).toBe(0);
    expect(up.json().actions).toEqual({ postgres: 'keep', client: 'keep' });
    expect([idOf(`${NAMESPACE}_postgres`), idOf(`${NAMESPACE}_client`)]).toEqual(before);
  });

  it('status and logs read the namespace', async () => {
    const status = await dataEng(dir, ['status', '--json']);
    expect(
      status.json().services.map((s: { service: string; state: string }) => [s.service, s.state]),
    ).toEqual([
      ['client', 'running'],
      ['postgres', 'running'],
    ]);
    const logs = await dataEng(dir, ['logs', 'client', '--tail', '10']);
    expect(logs.code).toBe(0);
    expect(logs.stdout).toMatch(/^client \| INSERT 0 1$/m);
  });

  it('down keeps persistent data: a row survives down and up; the ephemeral service and volume are gone', async () => {
    psql(
      `${NAMESPACE}_postgres`,
      "create table notes(body text); insert into notes values ('kept across down')",
    );
    const postgres = idOf(`${NAMESPACE}_postgres`);
    const down = await dataEng(dir, ['down', '--json']);
    expect(down.code).toBe(0);
    expect(down.json().down).toEqual({
      namespace: NAMESPACE,
      kept: ['postgres'],
      removed: ['client'],
      volumesRemoved: ['client-scratch'],
    });
    expect(names('ps', NAMESPACE)).toEqual([`${NAMESPACE}_postgres`]);
    expect(docker('inspect', '--format', '{{.State.Status}}', `${NAMESPACE}_postgres`)).toBe('exited');
    expect(names('volume', NAMESPACE)).toEqual([`${NAMESPACE}_postgres-data`]);

    const up = await dataEng(dir, ['up', '--json', '--timeout', '180']);
    expect(up.code).toBe(0);
    expect(up.json().actions).toEqual({ postgres: 'start', client: 'create' });
    expect(idOf(`${NAMESPACE}_postgres`)).toBe(postgres);
    expect(psql(`${NAMESPACE}_postgres`, 'select body from notes')).toBe('kept across down');
    expect(psql(`${NAMESPACE}_postgres`, 'select count(*) from starts')).toBe('2');
  });

  it('down --volumes without --yes and without a terminal refuses and deletes nothing', async () => {
    const down = await dataEng(dir, ['down', '--volumes']);
    expect(down.code).toBe(EXIT.USAGE);
    expect(down.stderr).toMatch(/deletes the data volumes of namespace .*data-eng down --volumes --yes/);
    expect(names('volume', NAMESPACE)).toContain(`${NAMESPACE}_postgres-data`);
  });

  it('another branch of the same project runs beside it in its own namespace, on the next free port, untouched', async () => {
    const other = mkdtempSync(join(tmpdir(), `${NAME}-feature-`));
    dirs.push(other);
    cpSync(dir, other, { recursive: true });
    writeFileSync(join(other, '.git', 'HEAD'), 'ref: refs/heads/feature/Login-2\n');
    // Untouched: the same container, not restarted. (Its engine health may still read "starting" here: up gates on
    // the service's own check run in the container, which can pass before the engine's first interval has elapsed.)
    const mainBefore = docker('inspect', '--format', '{{.Id}} {{.State.StartedAt}}', `${NAMESPACE}_postgres`);
    const up = await dataEng(other, ['up', '--json', '--timeout', '180']);
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    const result = up.json();
    const namespace = `${NAME}_feature-login-2`;
    expect(result.namespace).toBe(namespace);
    const [moved] = result.ports;
    expect(moved).toMatchObject({
      service: 'postgres',
      wanted: port,
      variable: 'POSTGRES_PORT',
      reason: 'taken',
    });
    expect(moved.host).toBeGreaterThan(port);
    expect(result.text).toContain(
      `postgres: 127.0.0.1:${moved.host} -> 5432 (POSTGRES_PORT ${port} is taken by another program`,
    );
    expect(await accepts(moved.host)).toBe(true);
    expect(psql(`${namespace}_postgres`, "select count(*) from pg_tables where tablename = 'notes'")).toBe(
      '0',
    );

    expect((await dataEng(other, ['down', '--volumes', '--yes', '--json'])).code).toBe(0);
    expect(names('ps', namespace)).toEqual([]);
    expect(names('volume', namespace)).toEqual([]);
    expect(names('network', namespace)).toEqual([]);
    expect(docker('inspect', '--format', '{{.Id}} {{.State.StartedAt}}', `${NAMESPACE}_postgres`)).toBe(
      mainBefore,
    );
    expect(docker('inspect', '--format', '{{.State.Status}}', `${NAMESPACE}_postgres`)).toBe('running');
    expect(psql(`${NAMESPACE}_postgres`, 'select body from notes')).toBe('kept across down');
  });

  it('a service whose check passes before the engine first runs it is healthy in up and in status', async () => {
    const slow = mkdtempSync(join(tmpdir(), `${NAME}-slow-`));
    dirs.push(slow);
    cpSync(dir, slow, { recursive: true });
    writeFileSync(join(slow, '.git', 'HEAD'), 'ref: refs/heads/slow-check\n');
    // The engine runs a check first one interval after the start: with 300 s it says "starting" all test long.
    const file = join(slow, 'services.yaml');
    const doc = parseDocument(readFileSync(file, 'utf8'));
    doc.setIn(['services', 'postgres', 'healthcheck', 'interval'], '300s');
    writeFileSync(file, doc.toString());
    const namespace = `${NAME}_slow-check`;
    try {
      const up = await dataEng(slow, ['up', '--json', '--timeout', '180']);
      expect(up.stderr).toBe('');
      expect(up.code).toBe(0);
      expect(docker('inspect', '--format', '{{.State.Health.Status}}', `${namespace}_postgres`)).toBe(
        'starting',
      );
      const healthOf = (services: { service: string; health: string }[]) =>
        services.find((s) => s.service === 'postgres')?.health;
      expect(healthOf(up.json().services)).toBe('healthy');
      const status = await dataEng(slow, ['status', '--json']);
      expect(status.code).toBe(0);
      expect(healthOf(status.json().services)).toBe('healthy');
    } finally {
      await dataEng(slow, ['down', '--volumes', '--yes', '--json']);
    }
    expect(names('ps', namespace)).toEqual([]);
  });

  it('a host port taken by another program: the next free port is picked before start and reported', async () => {
    expect((await dataEng(dir, ['down', '--json'])).code).toBe(0);
    const held = await holdPort(port);
    try {
      const up = await dataEng(dir, ['up', '--json', '--timeout', '180']);
      expect(up.code).toBe(0);
      const [moved] = up.json().ports;
      expect(moved).toMatchObject({ service: 'postgres', wanted: port, reason: 'taken' });
      expect(moved.host).toBeGreaterThan(port);
      expect(up.json().services[0].ports).toEqual([`127.0.0.1:${moved.host}->5432/tcp`]);
      expect(await accepts(moved.host)).toBe(true);
    } finally {
      await held.close();
    }
  });

  it('a service that never becomes healthy fails up with its name and its last log lines, within the timeout', async () => {
    const broken = await makeProject({
      name: `${NAME}b`,
      orchestrator: 'orchestrator-dcsm',
      port: await freePort(),
      postgresImage: services.postgresImage,
      broken: true,
      branch: 'main',
    });
    dirs.push(broken);
    try {
      const timeout = 90;
      const started = Date.now();
      const up = await dataEng(broken, ['up', '--json', '--timeout', String(timeout)]);
      expect(Date.now() - started).toBeLessThan(timeout * 1000);
      expect(up.code).toBe(EXIT.UNHEALTHY);
      expect(up.stderr).toMatch(/broken \(unhealthy\) did not become ready/);
      expect(up.stderr).toMatch(/--- broken, last 20 log lines:\nbroken: cannot reach the license server/);
    } finally {
      removeProjectObjects(`${NAME}b`);
    }
  });
});
