import { execFileSync } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { freePort } from '../helpers/ports.js';
import { describeWithServices } from '../helpers/services.js';
import { runGenerator } from '../helpers/run-generator.js';

function envValue(dir: string, name: string): string {
  return new RegExp(`^${name}=(.*)$`, 'm').exec(readFileSync(join(dir, '.env'), 'utf8'))![1]!;
}

describeWithServices('postgres against the real Docker engine', (services) => {
  let dir: string;
  let port: number;
  const compose = (...args: string[]) =>
    execFileSync('docker', ['compose', ...args], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 180_000,
    });
  const psql = (user: string, password: string, database: string, sql: string) =>
    execFileSync('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', database, '-tAc', sql], {
      encoding: 'utf8',
      env: { ...process.env, PGPASSWORD: password, PGCONNECT_TIMEOUT: '10' },
    }).trim();

  beforeAll(async () => {
    port = await freePort();
    const result = await runGenerator('app', { name: `pg-it-${process.pid}`, 'postgres-port': String(port) });
    dir = result.cwd;
    // The image override an internal registry would use; here the PostgreSQL image built from Debian's packages.
    appendFileSync(join(dir, '.env'), `POSTGRES_IMAGE=${services.postgresImage}\n`);
  });

  afterAll(() => {
    if (dir) compose('down', '--volumes', '--remove-orphans');
  });

  it('the generated compose.yaml passes docker compose config', () => {
    const config = parse(compose('config'));
    expect(config.services.postgres.image).toBe(services.postgresImage);
    expect(config.services.postgres.ports[0]).toMatchObject({
      host_ip: '127.0.0.1',
      target: 5432,
      published: String(port),
    });
  });

  it('postgres becomes healthy with up --wait, with the analytics database and role', () => {
    compose('up', '--detach', '--wait', '--wait-timeout', '120', 'postgres');
    const health = compose('ps', '--format', 'json', 'postgres');
    expect(health).toContain('"Health":"healthy"');
    expect(
      psql(
        'airflow',
        envValue(dir, 'POSTGRES_PASSWORD'),
        'airflow',
        "select datname from pg_database where datname = 'analytics'",
      ),
    ).toBe('analytics');
    expect(
      psql('analytics', envValue(dir, 'ANALYTICS_DB_PASSWORD'), 'analytics', 'select current_user'),
    ).toBe('analytics');
  });

  it('a row written survives docker compose down and up', () => {
    const password = envValue(dir, 'ANALYTICS_DB_PASSWORD');
    psql(
      'analytics',
      password,
      'analytics',
      "create table kept (v text); insert into kept values ('still here')",
    );
    compose('down');
    compose('up', '--detach', '--wait', '--wait-timeout', '120', 'postgres');
    expect(psql('analytics', password, 'analytics', 'select v from kept')).toBe('still here');
  });
});
