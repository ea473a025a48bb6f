import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readYaml, runGenerator } from '../../__tests__/helpers/run-generator.js';
import { parseDotenv } from '../../lib/config/dotenv.js';

const PARTS = ['postgres', 'airflow', 'devcontainer', 'observability'];

/** Every file under a folder, relative to the project. */
function filesUnder(dir: string, folder: string): string[] {
  return readdirSync(join(dir, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1));
}

describe('yo data-eng with observability', () => {
  it('adds the receiver, the exporter and Prometheus, publishing only Prometheus on 127.0.0.1', async () => {
    const { cwd } = await runGenerator('app', { name: 'obs-gen', components: PARTS });
    const compose = readYaml(cwd, 'compose.yaml');
    expect(compose.services.prometheus.ports).toEqual(['127.0.0.1:${PROMETHEUS_PORT:-9090}:9090']);
    expect(compose.services.statsd.ports).toBeUndefined();
    expect(compose.services['postgres-exporter'].ports).toBeUndefined();
    expect(compose.services.grafana).toBeUndefined();
    for (const service of ['statsd', 'postgres-exporter', 'prometheus']) {
      expect(compose.services[service].healthcheck.test[0], service).toBe('CMD');
      expect(compose.services[service].build.args.BASE_IMAGE).toBe(
        '${OBSERVABILITY_BASE_IMAGE:-debian:bookworm-slim}',
      );
    }
    // Every Airflow process sends StatsD to the receiver; the init container does not run long enough to.
    for (const service of [
      'airflow-scheduler',
      'airflow-apiserver',
      'airflow-dag-processor',
      'airflow-triggerer',
    ]) {
      expect(compose.services[service].environment, service).toMatchObject({
        AIRFLOW__METRICS__STATSD_ON: 'True',
        AIRFLOW__METRICS__STATSD_HOST: 'statsd',
        AIRFLOW__METRICS__STATSD_PORT: '8125',
      });
    }
    expect(compose.services['airflow-init'].environment.AIRFLOW__METRICS__STATSD_ON).toBeUndefined();
    const prometheus = readYaml(cwd, 'docker/observability/prometheus.yml');
    expect(prometheus.scrape_configs.map((job: { job_name: string }) => job.job_name)).toEqual([
      'prometheus',
      'airflow',
      'postgres',
    ]);
    expect(prometheus.rule_files).toEqual(['/etc/prometheus/rules/*.yml']);
    const env = parseDotenv(readFileSync(join(cwd, '.env'), 'utf8'));
    expect(env.GRAFANA_ADMIN_PASSWORD).toBeUndefined();
    const secrets = Object.entries(env)
      .filter(([name]) => /PASSWORD|KEY|SECRET/.test(name))
      .map(([, value]) => value)
      .filter((value) => value.length > 0);
    expect(secrets.length).toBeGreaterThan(1);
    for (const file of [...filesUnder(cwd, 'docker/observability'), 'docs/observability.md']) {
      const text = readFileSync(join(cwd, file), 'utf8');
      for (const secret of secrets) expect(text.includes(secret), file).toBe(false);
    }
  });

  it('with --grafana provisions Grafana: the data source every dashboard names, and its password in .env', async () => {
    const { cwd } = await runGenerator('app', { name: 'obs-grafana', components: PARTS, grafana: true });
    const compose = readYaml(cwd, 'compose.yaml');
    expect(compose.services.grafana.ports).toEqual(['127.0.0.1:${GRAFANA_PORT:-3000}:3000']);
    expect(compose.services.grafana.environment.GF_SECURITY_ADMIN_PASSWORD__FILE).toBe(
      '/run/secrets/grafana_admin_password',
    );
    const env = parseDotenv(readFileSync(join(cwd, '.env'), 'utf8'));
    expect(env.GRAFANA_ADMIN_PASSWORD!.length).toBeGreaterThanOrEqual(16);
    expect(readFileSync(join(cwd, 'compose.yaml'), 'utf8')).not.toContain(env.GRAFANA_ADMIN_PASSWORD);
    const source = readYaml(cwd, 'docker/observability/grafana/provisioning/datasources/prometheus.yaml');
    const uid = source.datasources[0].uid;
    expect(source.datasources[0].url).toBe('http://prometheus:9090');
    const dashboards = filesUnder(cwd, 'docker/observability/grafana/dashboards');
    expect(dashboards.map((file) => file.split('/').pop())).toEqual([
      'airflow-dag-runs.json',
      'airflow-scheduler.json',
      'postgres.json',
    ]);
    for (const file of dashboards) {
      const dashboard = JSON.parse(readFileSync(join(cwd, file), 'utf8')) as {
        panels: { datasource: { uid: string }; targets: { expr: string }[] }[];
      };
      expect(dashboard.panels.length).toBeGreaterThan(3);
      for (const panel of dashboard.panels) {
        expect(panel.datasource.uid).toBe(uid);
        expect(panel.targets.length).toBeGreaterThan(0);
      }
    }
  });

  it('refuses observability without Airflow, naming what to add', async () => {
    await expect(
      runGenerator('app', { name: 'obs-alone', components: ['postgres', 'observability'] }),
    ).rejects.toThrow(/observability needs airflow; add airflow to the list/);
  });
});
