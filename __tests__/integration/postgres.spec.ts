import { execFileSync } from 'node:child_process';
import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { freePort } from '../helpers/ports.js';
import { dataEng } from './orchestrator-fixture.js';
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

  it('scripts/psql.sh opens a session in either database with no password and no argument for the common case', () => {
    const script = (args: string[], input?: string) =>
      execFileSync('bash', ['scripts/psql.sh', ...args], {
        cwd: dir,
        encoding: 'utf8',
        input,
        stdio: ['pipe', 'pipe', 'pipe'],
        timeout: 60_000,
      }).trim();
    // No arguments: the analytics database, a session reading SQL from its input.
    expect(script([], 'select current_user, current_database();\n')).toMatch(/analytics\s*\|\s*analytics/);
    expect(script(['metadata', '-tAc', "select current_user || '@' || current_database()"])).toBe(
      'airflow@airflow',
    );
    expect(script(['analytics', '-tAc', 'select v from kept'])).toBe('still here');
  });

  it('docker inspect shows no secret value: PostgreSQL read its passwords from secret files', () => {
    const id = compose('ps', '--quiet', 'postgres').trim();
    const inspected = JSON.parse(execFileSync('docker', ['inspect', id], { encoding: 'utf8' }))[0];
    const shown = JSON.stringify(inspected);
    for (const secret of ['POSTGRES_PASSWORD', 'ANALYTICS_DB_PASSWORD'])
      expect(shown, secret).not.toContain(envValue(dir, secret));
    expect(inspected.Config.Env).toEqual(
      expect.arrayContaining([
        'POSTGRES_PASSWORD_FILE=/run/secrets/postgres_password',
        'ANALYTICS_DB_PASSWORD_FILE=/run/secrets/analytics_db_password',
      ]),
    );
  });

  it('secrets rotate ANALYTICS_DB_PASSWORD changes the role in the running database, then .env: old refused, new works, data kept', async () => {
    const before = envValue(dir, 'ANALYTICS_DB_PASSWORD');
    const rotated = await dataEng(dir, ['secrets', 'rotate', 'ANALYTICS_DB_PASSWORD', '--json']);
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.json()).toMatchObject({
      secret: 'ANALYTICS_DB_PASSWORD',
      rotated: true,
      role: 'analytics',
    });
    const after = envValue(dir, 'ANALYTICS_DB_PASSWORD');
    expect(after).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(after).not.toBe(before);
    // No value in what the command printed.
    expect(rotated.stdout + rotated.stderr).not.toContain(after);
    expect(rotated.stdout + rotated.stderr).not.toContain(before);
    expect(() => psql('analytics', before, 'analytics', 'select 1')).toThrow(
      /password authentication failed/,
    );
    expect(psql('analytics', after, 'analytics', 'select v from kept')).toBe('still here');
    expect(statSync(join(dir, '.env')).mode & 0o777).toBe(0o600);

    // The metadata DB's owner, the server's superuser, the same way.
    const owner = envValue(dir, 'POSTGRES_PASSWORD');
    const metadata = await dataEng(dir, ['secrets', 'rotate', 'POSTGRES_PASSWORD']);
    expect(metadata.code, metadata.stderr).toBe(0);
    expect(metadata.stdout).toContain('Rotated POSTGRES_PASSWORD (role airflow in postgres, then .env).');
    expect(() => psql('airflow', owner, 'airflow', 'select 1')).toThrow(/password authentication failed/);
    expect(psql('airflow', envValue(dir, 'POSTGRES_PASSWORD'), 'airflow', 'select current_user')).toBe(
      'airflow',
    );
  });

  it('secrets rotate AIRFLOW_FERNET_KEY writes the new key before the old, and --finish keeps the new alone', async () => {
    const old = envValue(dir, 'AIRFLOW_FERNET_KEY');
    const start = await dataEng(dir, ['secrets', 'rotate', 'AIRFLOW_FERNET_KEY', '--json']);
    expect(start.code, start.stderr).toBe(0);
    expect(start.json().next.join('\n')).toContain('airflow rotate-fernet-key');
    const [fresh, kept] = envValue(dir, 'AIRFLOW_FERNET_KEY').split(',');
    expect(kept).toBe(old);
    expect(fresh).toMatch(/^[\w-]{43}=$/);
    const finish = await dataEng(dir, ['secrets', 'rotate', 'AIRFLOW_FERNET_KEY', '--finish']);
    expect(finish.code, finish.stderr).toBe(0);
    expect(envValue(dir, 'AIRFLOW_FERNET_KEY')).toBe(fresh);
  });

  it('secrets rotate refuses what it cannot rotate safely, and a stopped database, changing nothing', async () => {
    const env = readFileSync(join(dir, '.env'), 'utf8');
    const admin = await dataEng(dir, ['secrets', 'rotate', 'AIRFLOW_ADMIN_PASSWORD']);
    expect(admin.code).toBe(2);
    expect(admin.stderr).toContain('is a password kept where it is used');
    compose('stop', 'postgres');
    const stopped = await dataEng(dir, ['secrets', 'rotate', 'POSTGRES_PASSWORD']);
    expect(stopped.code).toBe(2);
    expect(stopped.stderr).toContain(
      'postgres is not running, so the password of role airflow cannot be changed',
    );
    expect(readFileSync(join(dir, '.env'), 'utf8')).toBe(env);
    const listed = await dataEng(dir, ['secrets', 'ls', '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    const secrets = listed.json().secrets as { name: string; set: boolean; readBy: string[] }[];
    expect(secrets.find((secret) => secret.name === 'POSTGRES_PASSWORD')).toMatchObject({
      set: true,
      readBy: expect.arrayContaining(['postgres', 'airflow-scheduler']),
    });
    for (const value of env.matchAll(/^[A-Z_]+=(.{16,})$/gm)) expect(listed.stdout).not.toContain(value[1]);

    // An empty secret stops up before anything starts, naming it and where to set it.
    writeFileSync(join(dir, '.env'), env.replace(/^ANALYTICS_DB_PASSWORD=.*$/m, 'ANALYTICS_DB_PASSWORD='), {
      mode: 0o600,
    });
    const up = await dataEng(dir, ['up', 'postgres']);
    expect(up.code).toBe(2);
    expect(up.stderr).toContain('ANALYTICS_DB_PASSWORD is empty in .env, and postgres reads it');
    writeFileSync(join(dir, '.env'), env, { mode: 0o600 });
  });
});
