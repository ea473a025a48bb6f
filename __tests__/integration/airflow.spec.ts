import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithServices } from '../helpers/services.js';
import { runGenerator } from '../helpers/run-generator.js';
import { setEnv } from '../helpers/env-file.js';
import { airflowAnswersFile, COMBINATIONS, removeAnswersFiles } from '../helpers/airflow-project.js';

/** A project with every part, the dev container included; the airflow answers go through an answers file. */
async function generate(name: string, airflow: Record<string, string>): Promise<string> {
  return (await runGenerator('app', { name, answers: airflowAnswersFile(airflow) })).cwd;
}

function docker(args: string[], cwd: string, timeout = 600_000): string {
  return execFileSync('docker', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout,
    env: { ...process.env, DOCKER_BUILDKIT: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
}

afterAll(removeAnswersFiles);

describeWithServices('airflow: docker compose config for every executor and auth manager', () => {
  it.each(COMBINATIONS)(
    '%s with the %s auth manager passes docker compose config, every profile on',
    async (executor, auth) => {
      const dir = await generate(`af-config-${executor === 'CeleryExecutor' ? 'celery' : 'local'}-${auth}`, {
        executor,
        authManager: auth,
      });
      // The generator wrote .env (secrets and settings); compose interpolates from it.
      const config = JSON.parse(
        docker(
          [
            'compose',
            '--profile',
            'flower',
            '--profile',
            'tools',
            '--profile',
            'dev',
            'config',
            '--format',
            'json',
          ],
          dir,
        ),
      );
      const services = config.services as Record<string, any>;
      const celery = executor === 'CeleryExecutor';
      expect(Object.keys(services)).toEqual(
        expect.arrayContaining([
          'airflow-init',
          'airflow-apiserver',
          'airflow-scheduler',
          'airflow-dag-processor',
          'airflow-triggerer',
          'airflow-cli',
          'workspace',
          ...(celery ? ['redis', 'airflow-worker', 'flower'] : []),
        ]),
      );
      const api = services['airflow-apiserver'];
      expect(api.ports).toEqual([
        expect.objectContaining({ host_ip: '127.0.0.1', target: 8080, published: '8080' }),
      ]);
      expect(api.depends_on['airflow-init'].condition).toBe('service_completed_successfully');
      expect(api.user).toMatch(/^\d+:0$/);
      // `config` prints a loadable file, so the container's $HOSTNAME comes back escaped as $$HOSTNAME.
      expect(services['airflow-triggerer'].healthcheck.test).toEqual([
        'CMD-SHELL',
        'airflow jobs check --job-type TriggererJob --hostname "$$HOSTNAME"',
      ]);
      // Every secret is a compose secret read from .env, mounted where it is read: no value in any environment.
      const dotenv = readFileSync(join(dir, '.env'), 'utf8');
      const values = [
        ...dotenv.matchAll(
          /^(POSTGRES_PASSWORD|ANALYTICS_DB_PASSWORD|AIRFLOW_[A-Z_]+(?:KEY|SECRET|PASSWORD))=(.+)$/gm,
        ),
      ].map((match) => match[2]!);
      expect(values.length).toBeGreaterThanOrEqual(5);
      for (const [name, service] of Object.entries(services)) {
        const environment = JSON.stringify(service.environment ?? {});
        for (const value of values) expect(environment, name).not.toContain(value);
      }
      const mounted = (service: string) =>
        (services[service].secrets as { source: string; target: string }[]).map((secret) => secret.target);
      expect(mounted('airflow-scheduler')).toEqual(
        expect.arrayContaining([
          '/run/secrets/postgres_password',
          '/run/secrets/airflow_fernet_key',
          '/run/secrets/airflow_jwt_secret',
          '/run/secrets/airflow_api_secret_key',
        ]),
      );
      expect(services['airflow-scheduler'].environment.AIRFLOW__API_AUTH__JWT_SECRET_CMD).toBe(
        'cat /run/secrets/airflow_jwt_secret',
      );
      expect(mounted('airflow-init')).toContain('/run/secrets/analytics_db_password');
      expect(config.secrets.airflow_jwt_secret).toMatchObject({ environment: 'AIRFLOW_JWT_SECRET' });
      if (celery) {
        expect(services.flower.ports[0]).toMatchObject({ host_ip: '127.0.0.1', target: 5555 });
        expect(services['airflow-worker'].depends_on.redis.condition).toBe('service_healthy');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  );
});

describeWithServices(
  'airflow: Dockerfile.airflow through a real BuildKit build, base image overridden to a local Debian image',
  (services) => {
    let dir: string;
    const tags: string[] = [];

    beforeAll(async () => {
      dir = await generate(`af-build-${process.pid}`, {});
      // The AD domain controller's CA stands in for a corporate root CA.
      copyFileSync(services.ad.ca, join(dir, 'docker/certs/corp-root.crt'));
    });

    afterAll(() => {
      for (const tag of tags) spawnSync('docker', ['image', 'rm', '--force', tag], { stdio: 'ignore' });
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    function buildSystem(windowsAuth: boolean, extra: string[] = []): string {
      const tag = `data-eng-test/airflow-system:${process.pid}-${tags.length}`;
      tags.push(tag);
      docker(
        [
          'build',
          '--file',
          'Dockerfile.airflow',
          '--target',
          'system',
          '--build-arg',
          `BASE_IMAGE=${services.baseImage}`,
          '--build-arg',
          'AIRFLOW_VERSION=3.0.6',
          '--build-arg',
          'PYTHON_VERSION=3.12',
          '--build-arg',
          `WINDOWS_AUTH=${windowsAuth}`,
          ...extra,
          '--tag',
          tag,
          '.',
        ],
        dir,
      );
      return tag;
    }
    const run = (tag: string, script: string) =>
      docker(['run', '--rm', '--entrypoint', 'sh', tag, '-c', script], dir, 120_000);

    it('builds the system stage with WINDOWS_AUTH=true: Kerberos and LDAP tools, the corporate CA trusted, uid 50000 (BuildKit parses every stage; not exercised: dependencies, runtime and development, which need the Python package index)', () => {
      const tag = buildSystem(true);
      const tools = run(
        tag,
        'for t in kinit klist ldapsearch update-ca-certificates; do command -v "$t"; done; id -u; id -g',
      );
      expect(tools.trim().split('\n')).toEqual([
        '/usr/bin/kinit',
        '/usr/bin/klist',
        '/usr/bin/ldapsearch',
        '/usr/sbin/update-ca-certificates',
        '50000',
        '0',
      ]);
      expect(run(tag, "dpkg-query -W -f='${Status}' libsasl2-modules-gssapi-mit krb5-user")).toBe(
        'install ok installedinstall ok installed',
      );
      const env = run(tag, 'env');
      for (const line of [
        'SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt',
        'REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt',
        'PIP_CERT=/etc/ssl/certs/ca-certificates.crt',
        'UV_NATIVE_TLS=true',
      ]) {
        expect(env.split('\n')).toContain(line);
      }
      // The image's trust store verifies a certificate the corporate CA signed (the DC's), checked by openssl here.
      const bundle = join(mkdtempSync(join(tmpdir(), 'af-bundle-')), 'bundle.pem');
      writeFileSync(bundle, run(tag, 'cat /etc/ssl/certs/ca-certificates.crt'));
      const certificate = join(services.ad.ca, '..', 'cert.pem');
      expect(
        execFileSync('openssl', ['verify', '-CAfile', bundle, certificate], { encoding: 'utf8' }),
      ).toContain(': OK');
      rmSync(join(bundle, '..'), { recursive: true, force: true });
    });

    it('builds the system stage without WINDOWS_AUTH: no Kerberos tools, the corporate CA still trusted', () => {
      const tag = buildSystem(false);
      expect(run(tag, 'command -v kinit || echo absent').trim()).toBe('absent');
      expect(run(tag, 'ls /etc/ssl/certs/ | grep -c corp-root').trim()).toBe('1');
    });

    it('takes the CA folder from the CA_CERTS_DIR build arg', () => {
      mkdirSync(join(dir, 'certs-elsewhere'), { recursive: true });
      copyFileSync(services.ad.ca, join(dir, 'certs-elsewhere/other-root.crt'));
      const tag = buildSystem(false, ['--build-arg', 'CA_CERTS_DIR=certs-elsewhere']);
      expect(run(tag, 'ls /etc/ssl/certs/ | grep -c other-root').trim()).toBe('1');
    });
  },
);

// Dockerfile.airflow built by `docker compose build`, as a user builds it, on a STAND-IN for the official
// Airflow image (no Airflow in it: its contract, its constraints file and a `uv` that installs nothing;
// scripts/images/airflow-standin). The index URL carries a password and the proxy a user and password: the
// install steps must receive both, and neither may be left in the image, its history or `docker inspect`.
describeWithServices(
  'airflow: credentials in PIP_INDEX_URL and the proxy stay out of the built image',
  (services) => {
    let dir: string;
    const name = `af-secret-${process.pid}`;
    const INDEX = 'https://builder:index-s3cret@pypi.corp.example.com/simple';
    const PROXY = 'http://proxyuser:proxy-s3cret@proxy.corp.example.com:3128';

    beforeAll(async () => {
      dir = await generate(name, {});
      setEnv(dir, {
        AIRFLOW_IMAGE_REPO: services.airflowStandinImage.replace(/:[^:/]+$/, ''),
        PIP_INDEX_URL: INDEX,
      });
    });

    afterAll(() => {
      spawnSync('docker', ['image', 'rm', '--force', `${name}-airflow:development`], { stdio: 'ignore' });
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('the install steps get the index through a secret; history and inspect show neither password', () => {
      const log = docker(
        [
          'compose',
          '--profile',
          'tools',
          'build',
          '--progress',
          'plain',
          '--no-cache',
          '--build-arg',
          `HTTP_PROXY=${PROXY}`,
          '--build-arg',
          `HTTPS_PROXY=${PROXY}`,
          'airflow-cli',
        ],
        dir,
      );
      // Both install steps (dependencies and development) saw the index (the stand-in uv says so, never the URL).
      expect(log.match(/uv stand-in: UV_INDEX_URL is set/g)).toHaveLength(2);
      const image = `${name}-airflow:development`;
      const history = docker(['history', '--no-trunc', '--format', '{{.CreatedBy}}', image], dir);
      const inspect = docker(['image', 'inspect', image], dir);
      for (const text of [history, inspect]) {
        expect(text).not.toContain('index-s3cret');
        expect(text).not.toContain('proxy-s3cret');
        expect(text).not.toContain('pypi.corp.example.com');
      }
      // Nor in any file of the image.
      const files = docker(
        [
          'run',
          '--rm',
          '--entrypoint',
          'sh',
          image,
          '-c',
          'grep -rl s3cret /opt /home /etc 2>/dev/null || true',
        ],
        dir,
      );
      expect(files.trim()).toBe('');
    });
  },
);
