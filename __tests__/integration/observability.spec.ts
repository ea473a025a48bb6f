import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { freePort } from '../helpers/ports.js';
import { describeWithServices } from '../helpers/services.js';
import { runGenerator } from '../helpers/run-generator.js';
import { parseDotenv } from '../../lib/config/dotenv.js';
import { dataEng } from './orchestrator-fixture.js';
import { METRIC_QUERIES } from '../../lib/observability/metric-queries.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/observability', import.meta.url));

interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

/**
 * The observability part end to end: the generated compose stack (its images built from Debian's packages, as a
 * user's are), Airflow-named metrics sent with the `statsd` Python client Airflow itself uses, and Prometheus's
 * HTTP API asked for them. Airflow cannot run here: the sender is the Airflow stand-in image with its statsd
 * package (scripts/images/airflow-standin), sending the names Airflow 3 documents, not Airflow.
 */
describeWithServices('observability against the real Docker engine', (services) => {
  let dir: string;
  let prometheus: string;
  let network: string;
  let sender: ChildProcess | undefined;
  const SENDER = `obs-it-heartbeat-${process.pid}`;
  const compose = (...args: string[]) =>
    execFileSync('docker', ['compose', ...args], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 600_000,
    });
  const query = async (
    promql: string,
  ): Promise<{ status: string; data: { result: Sample[] }; error?: string }> => {
    const response = await fetch(`${prometheus}/api/v1/query?query=${encodeURIComponent(promql)}`);
    return (await response.json()) as { status: string; data: { result: Sample[] }; error?: string };
  };
  /** Ask until the answer has a series (scrapes come every 5 s here), or give up after two minutes. */
  const eventually = async (promql: string): Promise<Sample[]> => {
    for (let attempt = 0; attempt < 60; attempt += 1) {
      const answer = await query(promql);
      if (answer.status === 'success' && answer.data.result.length > 0) return answer.data.result;
      await new Promise((done) => setTimeout(done, 2000));
    }
    throw new Error(`Prometheus never answered ${promql} with a series.`);
  };
  /** Python run in the stand-in on the stack's network: the statsd client, pointed where Airflow sends. */
  const python = (code: string, name?: string) => [
    'run',
    '--rm',
    ...(name ? ['--name', name] : []),
    '--network',
    network,
    services.airflowStandinImage,
    'python',
    '-c',
    `import statsd, time\nc = statsd.StatsClient("statsd", 8125, prefix="airflow")\n${code}`,
  ];

  beforeAll(async () => {
    const port = await freePort();
    const result = await runGenerator('app', {
      name: `obs-it-${process.pid}`,
      components: ['postgres', 'airflow', 'devcontainer', 'observability'],
      'postgres-port': String(await freePort()),
      'prometheus-port': String(port),
      'scrape-interval': '5s',
    });
    dir = result.cwd;
    prometheus = `http://127.0.0.1:${port}`;
    network = `obs-it-${process.pid}_default`;
    // What an internal registry's copies would be; here the images built from the locally imported Debian.
    appendFileSync(
      join(dir, '.env'),
      `POSTGRES_IMAGE=${services.postgresImage}\nOBSERVABILITY_BASE_IMAGE=${services.baseImage}\n`,
    );
    compose('build', 'statsd', 'postgres-exporter', 'prometheus');
    compose('up', '--detach', '--wait', '--wait-timeout', '180', 'prometheus');
    // A scheduler and a triggerer heartbeat every second for as long as the suite runs.
    // Named, so afterAll removes the container itself: ending the docker client would leave it running.
    sender = spawn(
      'docker',
      python(
        'while True:\n  c.incr("scheduler_heartbeat"); c.incr("triggerer_heartbeat"); time.sleep(1)',
        SENDER,
      ),
      { stdio: 'ignore' },
    );
    // A counter's first value is where increase() starts: one failure first, and the three after it count.
    execFileSync('docker', python('c.incr("ti_failures")'), { stdio: 'pipe', timeout: 120_000 });
    await eventually('airflow_ti_failures_total');
    execFileSync(
      'docker',
      python(
        [
          'for _ in range(3): c.incr("ti.finish.etl_orders.load.failed"); c.incr("ti_failures")',
          'c.incr("ti.finish.etl_orders.extract.success")',
          'c.gauge("pool.starving_tasks.default_pool", 4)',
          'c.gauge("pool.open_slots.default_pool", 124)',
          'c.gauge("dag_processing.import_errors", 2)',
          'c.gauge("executor.running_tasks", 3)',
          'c.gauge("executor.queued_tasks", 7)',
          'c.gauge("triggers.running.worker-1", 5)',
        ].join('\n'),
      ),
      { stdio: 'pipe', timeout: 120_000 },
    );
  }, 900_000);

  afterAll(() => {
    spawnSync('docker', ['rm', '--force', SENDER], { stdio: 'ignore' });
    sender?.kill();
    if (dir) compose('down', '--volumes', '--remove-orphans');
  });

  it('publishes only Prometheus, on 127.0.0.1', () => {
    const config = parse(compose('config')) as {
      services: Record<string, { ports?: { host_ip: string }[] }>;
    };
    expect(config.services.prometheus!.ports).toEqual([
      expect.objectContaining({ host_ip: '127.0.0.1', target: 9090 }),
    ]);
    expect(config.services.statsd!.ports).toBeUndefined();
    expect(config.services['postgres-exporter']!.ports).toBeUndefined();
  });

  it('turns Airflow StatsD names into labelled Prometheus metrics', async () => {
    const failed = await eventually('airflow_ti_finish_total{state="failed"}');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.metric).toEqual({
      __name__: 'airflow_ti_finish_total',
      dag_id: 'etl_orders',
      task_id: 'load',
      state: 'failed',
      instance: 'statsd:9103',
      job: 'airflow',
    });
    expect(Number(failed[0]!.value[1])).toBe(3);
    const starving = await eventually('airflow_pool_starving_tasks');
    expect(starving.map((s) => [s.metric.pool, s.value[1]])).toEqual([['default_pool', '4']]);
    expect((await eventually('airflow_triggers_running'))[0]!.metric.hostname).toBe('worker-1');
    expect((await eventually('airflow_ti_failures_total == 4'))[0]!.value[1]).toBe('4');
    expect((await eventually('airflow_executor_queued_tasks'))[0]!.value[1]).toBe('7');
    // Nothing mapped keeps collectd's name: no airflow.* series is left under collectd_statsd_*.
    const leftovers = await query(
      '{__name__=~"collectd_statsd_.*", statsd=~"airflow\\\\.(ti|pool|executor)\\\\..*"}',
    );
    expect(leftovers.data.result).toEqual([]);
  });

  it('scrapes PostgreSQL through postgres_exporter', async () => {
    expect((await eventually('pg_up'))[0]!.value[1]).toBe('1');
    const databases = (await eventually('pg_stat_activity_count')).map((s) => s.metric.datname);
    expect(databases).toContain('airflow');
    expect(Number((await eventually('pg_settings_max_connections'))[0]!.value[1])).toBeGreaterThan(0);
  });

  it('sees the scheduler heartbeat, and every rule and dashboard query runs', async () => {
    const age = await eventually(METRIC_QUERIES.heartbeatAge);
    expect(Number(age[0]!.value[1])).toBeLessThan(120);
    const rules = parse(readFileSync(join(dir, 'docker/observability/rules/alerts.yml'), 'utf8')) as {
      groups: { rules: { alert: string; expr: string }[] }[];
    };
    const dashboards = readdirSync(join(dir, 'docker/observability/grafana/dashboards')).map(
      (file) =>
        JSON.parse(readFileSync(join(dir, 'docker/observability/grafana/dashboards', file), 'utf8')) as {
          panels: { title: string; targets: { expr: string }[] }[];
        },
    );
    const expressions = [
      ...rules.groups.flatMap((group) => group.rules.map((rule) => rule.expr)),
      ...dashboards.flatMap((dashboard) =>
        dashboard.panels.flatMap((panel) => panel.targets.map((t) => t.expr)),
      ),
    ];
    expect(expressions.length).toBeGreaterThan(20);
    for (const expr of expressions) {
      const answer = await query(expr);
      expect(answer.error ?? '', expr).toBe('');
      expect(answer.status, expr).toBe('success');
    }
    // The panels that read Airflow's metrics find them.
    for (const expr of dashboards.flatMap((d) => d.panels.flatMap((p) => p.targets.map((t) => t.expr)))) {
      // Every PostgreSQL panel names metrics postgres_exporter really has.
      if (/airflow_(ti_finish|executor_running|pool_starving|scheduler_heartbeat)|pg_/.test(expr)) {
        expect((await eventually(expr)).length, expr).toBeGreaterThan(0);
      }
    }
    const loaded = (await (await fetch(`${prometheus}/api/v1/rules`)).json()) as {
      data: { groups: { rules: { name: string; health: string }[] }[] };
    };
    const names = loaded.data.groups.flatMap((group) => group.rules.map((rule) => rule.name));
    // Prometheus lists the groups by name.
    expect(names.sort()).toEqual(
      rules.groups.flatMap((group) => group.rules.map((rule) => rule.alert)).sort(),
    );
  });

  it('data-eng status --metrics summarises them from Prometheus', async () => {
    await eventually('airflow_executor_queued_tasks');
    await eventually('airflow_ti_failures_total == 4');
    const result = await dataEng(dir, ['status', '--metrics', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const { metrics } = result.json() as { metrics: Record<string, number | string | null> };
    expect(metrics.prometheus).toBe(prometheus);
    expect(metrics.heartbeatAgeSeconds).toBeTypeOf('number');
    expect(metrics.heartbeatAgeSeconds as number).toBeLessThan(120);
    expect(metrics).toMatchObject({ runningTasks: 3, queuedTasks: 7, importErrors: 2 });
    // increase() extrapolates over its window, so three failures read as about three.
    expect(metrics.failuresLastHour as number).toBeGreaterThanOrEqual(3);
    expect(metrics.failuresLastHour as number).toBeLessThanOrEqual(5);
    expect(metrics.connectionsUsed as number).toBeGreaterThan(0);
    expect(metrics.connectionsUsed as number).toBeLessThan(1);
    const text = await dataEng(dir, ['status', '--metrics']);
    expect(text.stdout).toMatch(/tasks running \/ queued +3 \/ 7/);
  });

  it('status --metrics says how to start Prometheus when it does not answer (exit 4)', async () => {
    const result = await dataEng(dir, ['status', '--metrics', '--json'], { PROMETHEUS_PORT: '1' });
    expect(result.code).toBe(4);
    const { error } = result.json() as { error: { exitCode: number; message: string } };
    expect(error.exitCode).toBe(4);
    expect(error.message).toContain('http://127.0.0.1:1');
    expect(error.message).toContain('data-eng up');
  });

  it('every alert rule passes promtool check rules and its unit tests', () => {
    const promtool = (...args: string[]) =>
      compose(
        'run',
        '--rm',
        '--no-deps',
        '-v',
        `${FIXTURES}:/tests:ro`,
        '--entrypoint',
        'promtool',
        'prometheus',
        ...args,
      );
    expect(promtool('check', 'rules', '/etc/prometheus/rules/alerts.yml')).toContain(
      'SUCCESS: 8 rules found',
    );
    expect(promtool('test', 'rules', '/tests/alerts.test.yml')).toContain('SUCCESS');
  });

  it('keeps secrets out of every config file and every container configuration', () => {
    const env = parseDotenv(readFileSync(join(dir, '.env'), 'utf8'));
    const secrets = ['POSTGRES_PASSWORD', 'ANALYTICS_DB_PASSWORD'].map((name) => env[name]!);
    expect(secrets.every((value) => value.length >= 16)).toBe(true);
    const files = [
      'docker/observability/prometheus.yml',
      'docker/observability/rules/alerts.yml',
      'docker/observability/collectd.conf',
      ...readdirSync(join(dir, 'docker/observability/grafana/dashboards')).map(
        (file) => `docker/observability/grafana/dashboards/${file}`,
      ),
    ].map((file) => readFileSync(join(dir, file), 'utf8'));
    const inspect = execFileSync(
      'docker',
      ['inspect', `${network.replace(/_default$/, '')}-postgres-exporter-1`],
      {
        encoding: 'utf8',
      },
    );
    for (const text of [...files, inspect]) {
      for (const secret of secrets) expect(text.includes(secret)).toBe(false);
    }
    expect(inspect).toContain('DATA_SOURCE_PASS_FILE=/run/secrets/postgres_password');
  });
});
