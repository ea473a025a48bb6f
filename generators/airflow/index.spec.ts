import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readYaml } from '../../__tests__/helpers/run-generator.js';
import {
  AUTH_MANAGERS,
  EXECUTORS,
  generateAirflow as generate,
  removeAnswersFiles,
  readText as text,
} from '../../__tests__/helpers/airflow-project.js';
import { AIRFLOW_VERSIONS } from '../../lib/versions.js';

const CORE = [
  'airflow-init',
  'airflow-apiserver',
  'airflow-scheduler',
  'airflow-dag-processor',
  'airflow-triggerer',
];
const LONG_RUNNING = CORE.filter((name) => name !== 'airflow-init');
const SECRET_ENV = {
  AIRFLOW__CORE__FERNET_KEY: 'AIRFLOW_FERNET_KEY',
  AIRFLOW__API_AUTH__JWT_SECRET: 'AIRFLOW_JWT_SECRET',
  AIRFLOW__API__SECRET_KEY: 'AIRFLOW_API_SECRET_KEY',
};

/** The _CMD that prints the metadata DB's URL, the password read from its secret file and percent-encoded. */
const METADATA_URL_CMD = (scheme: string): string =>
  `python -c "import sys; from urllib.parse import quote; p = sys.argv[1]; print('${scheme}://airflow:' + quote(open(p).read(), safe='') + '@postgres:5432/airflow', end='')" /run/secrets/postgres_password`;

afterAll(removeAnswersFiles);

describe.each(AIRFLOW_VERSIONS)('airflow %s', (version) => {
  describe.each(EXECUTORS.flatMap((executor) => AUTH_MANAGERS.map((auth) => [executor, auth] as const)))(
    '%s with the %s auth manager',
    (executor, auth) => {
      it('renders compose.yaml with the Airflow 3 services, health checks and settings', async () => {
        const result = await generate({ 'airflow-version': version, executor, 'auth-manager': auth });
        const compose = readYaml(result, 'compose.yaml');
        const services = compose.services as Record<string, any>;
        const celery = executor === 'CeleryExecutor';
        expect(Object.keys(services).sort()).toEqual(
          [
            ...CORE,
            'airflow-cli',
            // The second scheduler of the ha profile (ha-profile.spec.ts).
            'airflow-scheduler-2',
            'postgres',
            ...(celery ? ['redis', 'airflow-worker', 'flower'] : []),
          ].sort(),
        );

        for (const name of [...CORE, 'airflow-cli', ...(celery ? ['airflow-worker', 'flower'] : [])]) {
          const service = services[name];
          expect(service.user, name).toBe('${AIRFLOW_UID:-50000}:0');
          expect(service.build.args, name).toMatchObject({
            AIRFLOW_VERSION: version,
            PYTHON_VERSION: '3.12',
            WINDOWS_AUTH: 'false',
          });
          const env = service.environment;
          expect(env.AIRFLOW__CORE__EXECUTOR).toBe(executor);
          expect(env.AIRFLOW__CORE__EXECUTION_API_SERVER_URL).toBe(
            'http://airflow-apiserver:8080/execution/',
          );
          // Secrets only through Airflow's _CMD options, from files compose mounts from .env: no value, and no
          // reference to a secret's variable, in any service's environment.
          expect(env.AIRFLOW__DATABASE__SQL_ALCHEMY_CONN).toBeUndefined();
          expect(env.AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_CMD).toBe(METADATA_URL_CMD('postgresql+psycopg2'));
          for (const [key, secret] of Object.entries(SECRET_ENV)) {
            expect(env[key], `${name} ${key}`).toBeUndefined();
            expect(env[`${key}_CMD`], `${name} ${key}`).toBe(`cat /run/secrets/${secret.toLowerCase()}`);
          }
          expect(JSON.stringify(env)).not.toMatch(
            /\$\{(POSTGRES_PASSWORD|AIRFLOW_FERNET_KEY|AIRFLOW_JWT_SECRET)/,
          );
          expect(
            service.secrets.map((secret: any) => secret.source),
            name,
          ).toEqual(
            expect.arrayContaining(['postgres_password', 'airflow_fernet_key', 'airflow_jwt_secret']),
          );
          expect(compose.secrets.postgres_password).toEqual({ environment: 'POSTGRES_PASSWORD' });
          expect(env.AIRFLOW__CORE__AUTH_MANAGER).toBe(
            auth === 'fab'
              ? 'airflow.providers.fab.auth_manager.fab_auth_manager.FabAuthManager'
              : 'airflow.api_fastapi.auth.managers.simple.simple_auth_manager.SimpleAuthManager',
          );
          if (auth === 'simple') expect(env.AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS).toBe('admin:admin');
          if (celery) {
            expect(env.AIRFLOW__CELERY__BROKER_URL).toBe('redis://:@redis:6379/0');
            expect(env.AIRFLOW__CELERY__RESULT_BACKEND_CMD).toBe(METADATA_URL_CMD('db+postgresql'));
          } else {
            expect(env.AIRFLOW__CELERY__BROKER_URL).toBeUndefined();
          }
        }

        for (const name of [...LONG_RUNNING, ...(celery ? ['airflow-worker'] : [])]) {
          expect(services[name].depends_on, name).toMatchObject({
            postgres: { condition: 'service_healthy' },
            'airflow-init': { condition: 'service_completed_successfully' },
          });
          expect(services[name].healthcheck.test.length, name).toBeGreaterThan(1);
        }
        expect(services['airflow-init'].depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
        expect(services['airflow-init'].healthcheck).toBeUndefined();
        expect(services['airflow-init'].environment.ANALYTICS_DB_PASSWORD_FILE).toBe(
          '/run/secrets/analytics_db_password',
        );
        // Only FAB keeps users in the database; the simple auth manager gets the password in the api-server.
        expect(services['airflow-init'].environment.AIRFLOW_ADMIN_PASSWORD_FILE !== undefined).toBe(
          auth === 'fab',
        );
        expect(
          services['airflow-init'].secrets.map((s: any) => s.source).includes('airflow_admin_password'),
        ).toBe(auth === 'fab');
        expect(services['airflow-init'].secrets[0]).toEqual({
          source: 'postgres_password',
          target: '/run/secrets/postgres_password',
        });

        const api = services['airflow-apiserver'];
        expect(api.ports).toEqual(['127.0.0.1:${AIRFLOW_API_PORT:-8080}:8080']);
        expect(api.healthcheck.test).toEqual([
          'CMD',
          'curl',
          '--fail',
          '--silent',
          'http://localhost:8080/api/v2/version',
        ]);
        expect(services['airflow-scheduler'].environment.AIRFLOW__SCHEDULER__ENABLE_HEALTH_CHECK).toBe(
          'true',
        );
        expect(services['airflow-scheduler'].healthcheck.test).toEqual([
          'CMD',
          'curl',
          '--fail',
          '--silent',
          'http://localhost:8974/health',
        ]);
        expect(services['airflow-dag-processor'].healthcheck.test).toEqual([
          'CMD-SHELL',
          'airflow jobs check --job-type DagProcessorJob --hostname "$$HOSTNAME"',
        ]);
        expect(services['airflow-triggerer'].healthcheck.test[1]).toBe(
          'airflow jobs check --job-type TriggererJob --hostname "$$HOSTNAME"',
        );
        if (auth === 'simple') {
          expect(api.command).toEqual([
            'bash',
            '-c',
            'python /opt/airflow/scripts/simple_auth_passwords.py && exec airflow api-server',
          ]);
          expect(api.environment.AIRFLOW_ADMIN_PASSWORD_FILE).toBe('/run/secrets/airflow_admin_password');
          expect(api.environment.AIRFLOW_ADMIN_PASSWORD).toBeUndefined();
        } else {
          expect(api.command).toEqual(['airflow', 'api-server']);
        }
        if (celery) {
          expect(services.redis.healthcheck.test).toEqual(['CMD', 'redis-cli', 'ping']);
          expect(services['airflow-worker'].command).toEqual(['airflow', 'celery', 'worker']);
          expect(services['airflow-worker'].healthcheck.test[1]).toMatch(
            /^celery --app airflow\.providers\.celery\.executors\.celery_executor\.app inspect ping -d "celery@\$\$HOSTNAME"$/,
          );
          expect(services['airflow-worker'].depends_on).toMatchObject({
            redis: { condition: 'service_healthy' },
            'airflow-apiserver': { condition: 'service_healthy' },
          });
          expect(services.flower.profiles).toEqual(['flower']);
          expect(services.flower.ports).toEqual(['127.0.0.1:${FLOWER_PORT:-5555}:5555']);
        } else {
          expect(services['airflow-scheduler'].depends_on['airflow-apiserver']).toEqual({
            condition: 'service_healthy',
          });
        }
        const requirements = text(result.cwd, 'requirements.txt').split('\n');
        expect(requirements.includes('apache-airflow-providers-celery')).toBe(celery);
        expect(requirements.includes('apache-airflow-providers-fab')).toBe(auth === 'fab');
        const init = text(result.cwd, 'docker/airflow/init.sh');
        expect(init.includes('airflow users create')).toBe(auth === 'fab');
      });
    },
  );
});

describe('airflow generator, run again', () => {
  it('switches the executor on a re-run and keeps the user edits in requirements.txt, a DAG and conf/', async () => {
    const first = await generate({ executor: 'LocalExecutor' });
    const dir = first.cwd;
    const edit = (file: string, change: (content: string) => string) =>
      writeFileSync(join(dir, file), change(text(dir, file)));
    edit('requirements.txt', (content) => `${content}pandas\n`);
    edit('dags/example_etl.py', (content) => content.replace('"retries": 2,', '"retries": 3,'));
    edit('conf/env/dev.yaml', (content) => `${content}team: data\n`);
    await generate({ executor: 'CeleryExecutor' }, dir);
    const requirements = text(dir, 'requirements.txt').split('\n');
    expect(requirements).toEqual(expect.arrayContaining(['pandas', 'apache-airflow-providers-celery']));
    expect(text(dir, 'dags/example_etl.py')).toContain('"retries": 3,');
    expect(readYaml(dir, 'conf/env/dev.yaml')).toMatchObject({ environment: 'dev', team: 'data' });
    expect(Object.keys(readYaml(dir, 'compose.yaml').services)).toEqual(
      expect.arrayContaining(['redis', 'airflow-worker', 'flower']),
    );
  });
});
