import { setEnv } from '../helpers/env-file.js';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
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

const NAME = `oc-it-${process.pid}`;

describeWithServices('orchestrator-compose against the real engine and docker compose', (services) => {
  let dir: string;
  let port: number;
  const dirs: string[] = [];
  const containerOf = (project: string, service: string): string =>
    docker(
      'ps',
      '-q',
      '--filter',
      `label=com.docker.compose.project=${project}`,
      '--filter',
      `label=com.docker.compose.service=${service}`,
    );
  const volumes = (project: string): string[] =>
    docker('volume', 'ls', '--format', '{{.Name}}', '--filter', `label=com.docker.compose.project=${project}`)
      .split('\n')
      .filter(Boolean)
      .sort();

  beforeAll(async () => {
    port = await freePort();
    dir = await makeProject({
      name: NAME,
      orchestrator: 'orchestrator-compose',
      port,
      postgresImage: services.postgresImage,
    });
    dirs.push(dir);
  });

  afterAll(() => {
    for (const project of [NAME, `${NAME}-feature`, `${NAME}-broken`]) removeProjectObjects(project);
    for (const created of dirs) rmSync(created, { recursive: true, force: true });
  });

  it('up starts the dependent only once postgres is healthy', async () => {
    const up = await dataEng(dir, ['up', '--json', '--timeout', '180']);
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    const states = up.json().services as {
      service: string;
      state: string;
      health: string;
      ports: string[];
    }[];
    expect(states).toEqual([
      { service: 'client', state: 'running', health: 'healthy', ports: [] },
      { service: 'postgres', state: 'running', health: 'healthy', ports: [`127.0.0.1:${port}->5432/tcp`] },
    ]);
    // The client checks postgres once at its start and exits 1 if it is not ready: it ran its insert instead.
    expect(psql(containerOf(NAME, 'postgres'), 'select count(*) from starts')).toBe('1');
    const health = JSON.parse(
      docker('inspect', '--format', '{{json .State.Health.Log}}', containerOf(NAME, 'postgres')),
    ) as {
      End: string;
      ExitCode: number;
    }[];
    const clientStarted = Date.parse(
      docker('inspect', '--format', '{{.State.StartedAt}}', containerOf(NAME, 'client')),
    );
    const firstHealthy = Math.min(...health.filter((h) => h.ExitCode === 0).map((h) => Date.parse(h.End)));
    expect(firstHealthy).toBeLessThanOrEqual(clientStarted);
  });

  it('status shows each service with state and health, as a table and as JSON', async () => {
    const table = await dataEng(dir, ['status']);
    expect(table.code).toBe(0);
    expect(
      table.stdout
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split(/\s{2,}/)),
    ).toEqual([
      ['SERVICE', 'STATE', 'HEALTH', 'PORTS'],
      ['client', 'running', 'healthy', '-'],
      ['postgres', 'running', 'healthy', `127.0.0.1:${port}->5432/tcp`],
    ]);
    const json = (await dataEng(dir, ['status', '--json'])).json();
    expect(json.services.map((s: { service: string; health: string }) => [s.service, s.health])).toEqual([
      ['client', 'healthy'],
      ['postgres', 'healthy'],
    ]);
  });

  it('logs shows a service log', async () => {
    const logs = await dataEng(dir, ['logs', 'postgres', '--tail', '50']);
    expect(logs.code).toBe(0);
    expect(logs.stdout).toMatch(/^postgres-1\s+\|.*database system is ready to accept connections/m);
  });

  it('down keeps the data: a row written survives down and up; the ephemeral service and volume are gone', async () => {
    psql(
      containerOf(NAME, 'postgres'),
      "create table notes(body text); insert into notes values ('kept across down')",
    );
    const down = await dataEng(dir, ['down', '--json']);
    expect(down.code).toBe(0);
    expect(down.json().down).toEqual({ project: NAME, stopped: true, volumesRemoved: ['client-scratch'] });
    expect(docker('ps', '-aq', '--filter', `label=com.docker.compose.project=${NAME}`)).toBe('');
    expect(volumes(NAME)).toEqual([`${NAME}_postgres-data`]);

    const up = await dataEng(dir, ['up', '--json', '--timeout', '180']);
    expect(up.code).toBe(0);
    expect(psql(containerOf(NAME, 'postgres'), 'select body from notes')).toBe('kept across down');
    expect(psql(containerOf(NAME, 'postgres'), 'select count(*) from starts')).toBe('2');
  });

  it('down --volumes without --yes and without a terminal refuses and deletes nothing', async () => {
    const down = await dataEng(dir, ['down', '--volumes']);
    expect(down.code).toBe(EXIT.USAGE);
    expect(down.stderr).toMatch(
      /deletes the data volumes of .* \(client-scratch, postgres-data\).*data-eng down --volumes --yes/,
    );
    expect(containerOf(NAME, 'postgres')).not.toBe('');
    expect(volumes(NAME)).toContain(`${NAME}_postgres-data`);
  });

  it('up of one service starts just that service and what it depends on', async () => {
    expect((await dataEng(dir, ['down', '--json'])).code).toBe(0);
    const up = await dataEng(dir, ['up', 'postgres', '--json', '--timeout', '180']);
    expect(up.code).toBe(0);
    expect(up.json().services.map((s: { service: string }) => s.service)).toEqual(['postgres']);
    expect(containerOf(NAME, 'client')).toBe('');
    const unknown = await dataEng(dir, ['up', 'nope']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/Unknown service "nope"; choose from: client, postgres/);
  });

  it('a second checkout of the same project is refused until it has its own project name, then runs beside the first', async () => {
    const other = mkdtempSync(join(tmpdir(), `${NAME}-feature-`));
    dirs.push(other);
    cpSync(dir, other, { recursive: true });
    const refused = await dataEng(other, ['up', '--json']);
    expect(refused.code).toBe(EXIT.USAGE);
    expect(refused.stderr).toMatch(
      new RegExp(`Compose project "${NAME}" already runs from .*set COMPOSE_PROJECT_NAME=${NAME}-<branch>`),
    );

    setEnv(other, { COMPOSE_PROJECT_NAME: `${NAME}-feature` });
    setEnv(other, { POSTGRES_PORT: String(await freePort()) });
    const up = await dataEng(other, ['up', '--json', '--timeout', '180']);
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    expect(
      psql(
        containerOf(`${NAME}-feature`, 'postgres'),
        "select count(*) from pg_tables where tablename = 'notes'",
      ),
    ).toBe('0');
    expect(psql(containerOf(NAME, 'postgres'), 'select body from notes')).toBe('kept across down');

    expect((await dataEng(other, ['down', '--volumes', '--yes', '--json'])).code).toBe(0);
    expect(volumes(`${NAME}-feature`)).toEqual([]);
    expect(containerOf(NAME, 'postgres')).not.toBe('');
  });

  it('a taken host port stops up with the port, the service and the .env variable to change', async () => {
    expect((await dataEng(dir, ['down', '--json'])).code).toBe(0);
    const held = await holdPort(port);
    try {
      const up = await dataEng(dir, ['up', '--json']);
      expect(up.code).toBe(EXIT.ENVIRONMENT);
      expect(up.stderr).toMatch(
        new RegExp(
          `Port ${port} on 127\\.0\\.0\\.1, wanted by postgres, is already in use by another program; set POSTGRES_PORT=\\d+ in \\.env`,
        ),
      );
      expect(docker('ps', '-aq', '--filter', `label=com.docker.compose.project=${NAME}`)).toBe('');
    } finally {
      await held.close();
    }
  });

  it('a service that never becomes healthy fails up with its name and its last log lines, within the timeout', async () => {
    const broken = await makeProject({
      name: `${NAME}-broken`,
      orchestrator: 'orchestrator-compose',
      port: await freePort(),
      postgresImage: services.postgresImage,
      broken: true,
    });
    dirs.push(broken);
    const timeout = 90;
    const started = Date.now();
    const up = await dataEng(broken, ['up', '--json', '--timeout', String(timeout)]);
    expect(Date.now() - started).toBeLessThan(timeout * 1000);
    expect(up.code).toBe(EXIT.UNHEALTHY);
    expect(up.stderr).toMatch(/broken \(running, unhealthy\) did not become ready/);
    expect(up.stderr).toMatch(/--- broken, last 20 log lines:\n.*broken: cannot reach the license server/);
    expect(up.stderr).not.toMatch(/--- postgres/);
  });
});
