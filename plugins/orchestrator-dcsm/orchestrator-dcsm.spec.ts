import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { definePlugin, type Stack } from '../../lib/plugins/public-api.js';
import { renderPlugin } from '../../cli/testing.js';
import dcsm from './index.js';
import { containerSpec, durationNs } from './container-spec.js';
import { dcmArguments, findDcm } from './dcm-delegate.js';
import type { DcsmProject } from './dcsm-project.js';
import { interpolate, MissingVariableError } from './interpolate.js';
import { namesFor } from './names.js';
import { currentBranch, resolveNamespace, sanitizeBranch } from './namespace.js';
import { describeMoves, planPorts } from './plan-ports.js';
import { renderServices } from './render-services.js';
import { parsePort, resolveService } from './resolve-service.js';
import { checkServicesFile } from './services-file.js';
import { DependencyCycleError, startOrder } from './start-order.js';

/** A plugin of this test's own: one more service, with a port and a label to interpolate. */
const cache = definePlugin({
  name: 'demo-cache',
  apiVersion: 1,
  contribute(stack) {
    stack.addService({
      name: 'cache',
      image: 'redis:7',
      ports: [{ container: 6379, host: 'auto' }],
      labels: { tier: '$cheap' },
    });
  },
});

/** The default postgres and airflow project named demo, plus the cache, built by the testing helpers. */
async function airflowStack(): Promise<Stack> {
  return (await renderPlugin(cache, { project: { name: 'demo' }, with: ['postgres', 'airflow'] })).stack;
}

/** services.yaml as the plugin writes it, parsed back. */
function servicesYaml(stack: Stack): Record<string, any> {
  const [file] = dcsm.files!(stack);
  expect(file!.path).toBe('services.yaml');
  expect(file!.content.split('\n')[0]).toBe(
    '# Services in the DCSM format, rendered from the project (the same services as compose.yaml).',
  );
  return parse(file!.content) as Record<string, any>;
}

describe('services.yaml', () => {
  it('has the DCSM shape for every service of the Stack: template, depends_on list, persistent, health_check, ports', async () => {
    const stack = await airflowStack();
    const file = servicesYaml(stack);
    expect(file.namespace).toBe('demo');
    expect(file.port_range).toBe('auto');
    expect(Object.keys(file.services).sort()).toEqual(Object.keys(stack.services).sort());
    for (const service of Object.values(file.services) as Record<string, any>[]) {
      expect(typeof service.template).toBe('string');
      expect(
        Array.isArray(service.depends_on) && service.depends_on.every((d: unknown) => typeof d === 'string'),
      ).toBe(true);
      expect(typeof service.persistent).toBe('boolean');
      expect(typeof service.health_check).toBe('boolean');
      expect(Array.isArray(service.ports)).toBe(true);
    }
    expect(file.services.postgres).toMatchObject({
      template: 'postgres:16',
      image: '${POSTGRES_IMAGE:-postgres:16}',
      depends_on: [],
      persistent: true,
      health_check: true,
      healthcheck: {
        test: ['CMD', 'pg_isready', '-h', '127.0.0.1', '-U', 'airflow', '-d', 'airflow'],
        interval: '5s',
        start_period: '10s',
      },
      ports: ['127.0.0.1:${POSTGRES_PORT:-5432}:5432'],
      volumes: [
        'postgres-data:/var/lib/postgresql/data',
        './docker/postgres/initdb:/docker-entrypoint-initdb.d:ro',
      ],
    });
    // The passwords are files under /run/secrets, copied from .env by the runner.
    expect(file.services.postgres.environment.POSTGRES_PASSWORD_FILE).toBe('/run/secrets/postgres_password');
    expect(file.services.postgres.environment.POSTGRES_PASSWORD).toBeUndefined();
    expect(file.services.postgres.secrets).toEqual({
      postgres_password: 'POSTGRES_PASSWORD',
      analytics_db_password: 'ANALYTICS_DB_PASSWORD',
    });
    expect(file.services['airflow-scheduler']).toMatchObject({
      template: 'demo-airflow:runtime',
      build: {
        image: 'demo-airflow:runtime',
        dockerfile: 'Dockerfile.airflow',
        context: '.',
        target: 'runtime',
      },
      persistent: false,
    });
    expect(file.services['airflow-scheduler'].depends_on).toEqual(
      expect.arrayContaining(['postgres', 'airflow-init']),
    );
    expect(file.services['airflow-init'].one_shot).toBe(true);
    expect(file.services.cache).toMatchObject({ ports: ['127.0.0.1::6379'], labels: { tier: '$$cheap' } });
    expect(file.volumes).toEqual(
      Object.fromEntries(Object.values(stack.volumes).map((v) => [v.name, { persistent: v.persistent }])),
    );
    expect(file.volumes['postgres-data']).toEqual({ persistent: true });
  });

  it('never holds a secret value: each secret is a file the runner copies from the .env variable it names', async () => {
    const file = renderServices(await airflowStack()) as {
      services: Record<string, { environment?: Record<string, string>; secrets?: Record<string, string> }>;
    };
    const scheduler = file.services['airflow-scheduler']!;
    for (const secret of ['POSTGRES_PASSWORD', 'AIRFLOW_FERNET_KEY', 'AIRFLOW_JWT_SECRET']) {
      expect(scheduler.secrets![secret.toLowerCase()]).toBe(secret);
      expect(JSON.stringify(scheduler.environment)).not.toContain(`\${${secret}`);
    }
    expect(scheduler.environment!.AIRFLOW__CORE__FERNET_KEY_CMD).toBe('cat /run/secrets/airflow_fernet_key');
  });

  it('reads back into the runner model, and a broken file is refused with the key and the fix', async () => {
    const file = checkServicesFile(renderServices(await airflowStack()), 'services.yaml');
    const env = {
      POSTGRES_PASSWORD: 'pw',
      ANALYTICS_DB_PASSWORD: 'apw',
      POSTGRES_PORT: '6543',
      POSTGRES_IMAGE: 'local/postgres:15',
    };
    const service = resolveService(file, 'postgres', env, '/work/demo');
    expect(service).toMatchObject({
      image: 'local/postgres:15',
      built: false,
      imageVariable: 'POSTGRES_IMAGE',
      environment: { POSTGRES_PASSWORD_FILE: '/run/secrets/postgres_password', POSTGRES_USER: 'airflow' },
      secrets: { postgres_password: 'pw', analytics_db_password: 'apw' },
      ports: [
        { hostIp: '127.0.0.1', host: 6543, container: 5432, protocol: 'tcp', variable: 'POSTGRES_PORT' },
      ],
      mounts: [
        { type: 'volume', source: 'postgres-data', target: '/var/lib/postgresql/data', readOnly: false },
        {
          type: 'bind',
          source: '/work/demo/docker/postgres/initdb',
          target: '/docker-entrypoint-initdb.d',
          readOnly: true,
        },
      ],
      persistent: true,
    });
    expect(() => resolveService(file, 'postgres', {}, '/work/demo')).toThrow(MissingVariableError);
    expect(() => resolveService(file, 'postgres', {}, '/work/demo')).toThrow(
      'POSTGRES_PASSWORD is not set (its file postgres_password is read by service "postgres"); set it in .env (data-eng secrets ls shows which are set).',
    );
    expect(() =>
      checkServicesFile({ namespace: 'demo', services: { a: { depends_on: 'b' } } }, 'services.yaml'),
    ).toThrow(
      /services\.yaml is not a valid services file at services\.a\.depends_on: .*; fix it, or delete it/,
    );
  });

  it('marks built services as built, so a missing image is a build to run, not a pull', async () => {
    const file = checkServicesFile(renderServices(await airflowStack()), 'services.yaml');
    const env = {
      POSTGRES_PASSWORD: 'pw',
      AIRFLOW_FERNET_KEY: 'f',
      AIRFLOW_JWT_SECRET: 'j',
      AIRFLOW_API_SECRET_KEY: 'k',
    };
    expect(resolveService(file, 'airflow-scheduler', env, '/w')).toMatchObject({
      image: 'demo-airflow:runtime',
      built: true,
      user: '50000:0',
    });
  });
});

describe('interpolation', () => {
  it('follows compose: defaults, required, alternates, $$ and $NAME', async () => {
    const vars = { A: 'a', EMPTY: '' };
    expect(interpolate('${A}-${B:-b}-${EMPTY:-e}-${EMPTY-e}-${A:+alt}-$$A-$A', vars, 'x')).toBe(
      'a-b-e--alt-$A-a',
    );
    expect(interpolate('${B:-${A}x}', vars, 'x')).toBe('ax');
    expect(() => interpolate('${B:?needs B}', vars, 'service "s"')).toThrow(
      'B needs B (used by service "s"); set it in .env.',
    );
    expect(() => interpolate('${A', vars, 'x')).toThrow('An unclosed ${ in x; close it with }.');
  });
});

describe('start order', () => {
  const deps = { postgres: [], init: ['postgres'], scheduler: ['postgres', 'init'], api: ['init'] };
  it('puts dependencies first and starts only what the roots need', async () => {
    const order = startOrder(deps, []);
    for (const [service, needs] of Object.entries(deps)) {
      for (const need of needs) expect(order.indexOf(need)).toBeLessThan(order.indexOf(service));
    }
    expect(startOrder(deps, ['init'])).toEqual(['postgres', 'init']);
  });
  it('names a cycle with its path', async () => {
    const cyclic = { a: ['b'], b: ['c'], c: ['a'], d: [] };
    expect(() => startOrder(cyclic, [])).toThrow(DependencyCycleError);
    expect(() => startOrder(cyclic, [])).toThrow(
      'The services depend on each other in a cycle: a -> b -> c -> a;',
    );
    expect(() => startOrder({ a: ['zz'] }, [])).toThrow(
      'Service "a" depends on "zz", which services.yaml does not define',
    );
    expect(() => startOrder(deps, ['nope'])).toThrow('Unknown service "nope"');
  });
});

describe('namespaces', () => {
  it('is <namespace>_<branch>, the branch read from .git/HEAD (worktrees included) and made Docker-safe', async () => {
    expect(sanitizeBranch('feature/Login 2!')).toBe('feature-login-2');
    const repo = mkdtempSync(join(tmpdir(), 'dcsm-ns-'));
    mkdirSync(join(repo, '.git'));
    writeFileSync(join(repo, '.git', 'HEAD'), 'ref: refs/heads/feature/AUTH-7\n');
    mkdirSync(join(repo, 'sub'));
    expect(await currentBranch(join(repo, 'sub'))).toBe('feature/AUTH-7');
    expect(await resolveNamespace('demo', repo)).toEqual({
      namespace: 'demo_feature-auth-7',
      branch: 'feature-auth-7',
    });
    const worktree = mkdtempSync(join(tmpdir(), 'dcsm-wt-'));
    mkdirSync(join(repo, '.git', 'worktrees', 'wt'), { recursive: true });
    writeFileSync(join(repo, '.git', 'worktrees', 'wt', 'HEAD'), '0123456789abcdef0123\n');
    writeFileSync(join(worktree, '.git'), `gitdir: ${join(repo, '.git', 'worktrees', 'wt')}\n`);
    expect(await currentBranch(worktree)).toBe('0123456789ab');
    expect((await resolveNamespace('demo', mkdtempSync(join(tmpdir(), 'dcsm-nogit-')))).namespace).toBe(
      'demo_main',
    );
  });
});

const containersFile = checkServicesFile(renderServices(await airflowStack()), 'services.yaml');

describe('containers and ports', () => {
  const file = containersFile;
  const env = { POSTGRES_PASSWORD: 'pw', ANALYTICS_DB_PASSWORD: 'apw' };
  const names = namesFor('demo_main', 'demo', 'main');

  it('turns durations into nanoseconds', async () => {
    expect(durationNs('5s')).toBe(5e9);
    expect(durationNs('1m30s')).toBe(90e9);
    expect(durationNs('250ms')).toBe(25e7);
    expect(() => durationNs('soon')).toThrow('"soon" is not a duration');
  });

  it('parses compose port syntax', async () => {
    expect(parsePort('127.0.0.1::5432', undefined, 'x')).toMatchObject({
      hostIp: '127.0.0.1',
      host: 'auto',
      container: 5432,
    });
    expect(parsePort('8080:80/udp', 'P', 'x')).toMatchObject({
      hostIp: '127.0.0.1',
      host: 8080,
      container: 80,
      protocol: 'udp',
      variable: 'P',
    });
    expect(() => parsePort('a:b', undefined, 'service "s"')).toThrow(
      'Port "a:b" of service "s" is not [ip:][host:]container',
    );
  });

  it('labels, health-checks and networks a container; its hash ignores the picked host port but not the settings', async () => {
    const service = resolveService(file, 'postgres', env, '/w');
    const spec = containerSpec(service, names, 'sha256:1', new Map([[service.ports[0]!, '5433']]));
    expect(spec.name).toBe('demo_main_postgres');
    expect(spec.Healthcheck).toEqual({
      Test: ['CMD', 'pg_isready', '-h', '127.0.0.1', '-U', 'airflow', '-d', 'airflow'],
      Interval: 5e9,
      Timeout: 5e9,
      Retries: 10,
      StartPeriod: 10e9,
    });
    expect(spec.HostConfig!.PortBindings).toEqual({
      '5432/tcp': [{ HostIp: '127.0.0.1', HostPort: '5433' }],
    });
    expect(spec.HostConfig!.Binds).toEqual([
      'demo_main_postgres-data:/var/lib/postgresql/data',
      '/w/docker/postgres/initdb:/docker-entrypoint-initdb.d:ro',
    ]);
    expect(spec.NetworkingConfig).toEqual({
      EndpointsConfig: { demo_main_default: { Aliases: ['postgres'] } },
    });
    expect(spec.Labels).toMatchObject({
      'devcontainer-service-manager.namespace': 'demo_main',
      'devcontainer-service-manager.service': 'postgres',
      'io.data-eng.persistent': 'true',
    });
    const hash = (s: typeof spec) => s.Labels!['io.data-eng.config-hash'];
    expect(hash(containerSpec(service, names, 'sha256:1', new Map()))).toBe(hash(spec));
    expect(hash(containerSpec(service, names, 'sha256:2', new Map()))).not.toBe(hash(spec));
    // A secret's value is in no option and not in the hash (it is copied in at each start); a setting is.
    const rotated = resolveService(file, 'postgres', { ...env, POSTGRES_PASSWORD: 'other' }, '/w');
    expect(hash(containerSpec(rotated, names, 'sha256:1', new Map()))).toBe(hash(spec));
    expect(JSON.stringify(containerSpec(rotated, names, 'sha256:1', new Map()))).not.toContain('other');
    const changed = resolveService(file, 'postgres', { ...env, POSTGRES_IMAGE: 'local/postgres:16' }, '/w');
    expect(hash(containerSpec(changed, names, 'sha256:1', new Map()))).not.toBe(hash(spec));
  });

  it('picks the next free port for a taken one or a port two services ask for, and says why', async () => {
    const server = createServer();
    const taken = await new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
    );
    try {
      const wanting = (name: string, port: number) => ({
        ...resolveService(file, 'postgres', { ...env, POSTGRES_PORT: String(port) }, '/w'),
        name,
      });
      const { assignments } = await planPorts([wanting('one', taken)], new Set());
      expect(assignments[0]).toMatchObject({ service: 'one', wanted: taken, reason: 'taken' });
      expect(assignments[0]!.host).toBeGreaterThan(taken);
      expect(describeMoves(assignments)[0]).toBe(
        `one: 127.0.0.1:${assignments[0]!.host} -> 5432 (POSTGRES_PORT ${taken} is taken by another program; set POSTGRES_PORT in .env to keep a fixed port)`,
      );
      const free = assignments[0]!.host!;
      const both = (await planPorts([wanting('one', free), wanting('two', free)], new Set())).assignments;
      expect(both[0]).toEqual({
        service: 'one',
        container: 5432,
        hostIp: '127.0.0.1',
        wanted: free,
        host: free,
        variable: 'POSTGRES_PORT',
      });
      expect(both[1]).toMatchObject({ service: 'two', wanted: free, reason: 'conflict' });
      expect(both[1]!.host).toBeGreaterThan(free);
      const held = (await planPorts([wanting('one', free)], new Set([`127.0.0.1:${free}`]))).assignments;
      expect(held[0]).toMatchObject({ reason: 'conflict' });
      const cache = resolveService(file, 'cache', env, '/w');
      expect((await planPorts([cache], new Set())).assignments).toEqual([
        { service: 'cache', container: 6379, hostIp: '127.0.0.1', wanted: 'auto' },
      ]);
    } finally {
      server.close();
    }
  });
});

describe('delegating to DCSM', () => {
  it('finds dcm on PATH and passes it services.yaml and the namespace; logs stay with the built-in reader', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'dcsm-bin-'));
    expect(await findDcm({ PATH: bin })).toBeUndefined();
    writeFileSync(join(bin, 'dcm'), '#!/bin/sh\n');
    chmodSync(join(bin, 'dcm'), 0o755);
    expect(await findDcm({ PATH: `/nonexistent:${bin}` })).toBe(join(bin, 'dcm'));
    const project = {
      ctx: { projectDir: '/w/demo' },
      names: namesFor('demo_main', 'demo', 'main'),
    } as unknown as DcsmProject;
    expect(dcmArguments('up', project)).toEqual([
      'up',
      '--config',
      '/w/demo/services.yaml',
      '--namespace',
      'demo_main',
    ]);
    expect(dcmArguments('down', project)).toEqual(['down', '--namespace', 'demo_main']);
    expect(dcmArguments('status', project)).toEqual(['status', '--namespace', 'demo_main']);
    expect(dcmArguments('logs', project)).toBeUndefined();
  });
});
