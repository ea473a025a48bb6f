import { definePlugin, envRef, secretFile } from '../../lib/plugins/public-api.js';
import type { StackApi } from '../../lib/plugins/public-api.js';
import { STATSD_PORT, statsdEnvironment } from '../../lib/observability/airflow-metrics.js';
import {
  OBSERVABILITY_PORTS,
  PROMETHEUS_RETENTION,
  RULES_DIR,
} from '../../lib/observability/prometheus-config.js';
import { AIRFLOW_SERVICES, HA_SCHEDULER } from '../airflow/constants.js';
import { METADATA_DB, POSTGRES_CONTAINER_PORT, POSTGRES_SERVICE } from '../postgres/component.js';
import {
  DEFAULT_BASE_IMAGE,
  DEFAULT_GRAFANA_IMAGE,
  GRAFANA_DASHBOARDS_DIR,
  OBSERVABILITY,
  OBSERVABILITY_BUILD,
  OBSERVABILITY_DIR,
  OBSERVABILITY_SERVICES as S,
  OBSERVABILITY_STAGES,
} from './constants.js';
import { OBSERVABILITY_OPTIONS, OBSERVABILITY_REQUIRES, observabilitySettings } from './options.js';
import { observabilityFiles } from './files.js';

/** The Airflow processes that send StatsD: every long-running one the project has. */
const SENDERS = [
  AIRFLOW_SERVICES.apiServer,
  AIRFLOW_SERVICES.scheduler,
  HA_SCHEDULER,
  AIRFLOW_SERVICES.dagProcessor,
  AIRFLOW_SERVICES.triggerer,
  AIRFLOW_SERVICES.worker,
];

const httpCheck = (port: number, path: string) => ({
  test: ['CMD', 'curl', '-fsS', '-o', '/dev/null', `http://127.0.0.1:${port}${path}`],
  interval: '5s',
  timeout: '5s',
  retries: 12,
  startPeriod: '10s',
});

const configMount = (file: string, target: string) =>
  ({ type: 'bind', source: `./${OBSERVABILITY_DIR}/${file}`, target, readOnly: true }) as const;

function addGrafana(stack: StackApi, port: number): void {
  stack.addSetting(
    'GRAFANA_IMAGE',
    DEFAULT_GRAFANA_IMAGE,
    'Grafana image; point it at your internal registry if Docker Hub is blocked',
  );
  stack.addSetting('GRAFANA_PORT', String(port), 'Host port for Grafana (bound to 127.0.0.1)');
  stack.addSecret('GRAFANA_ADMIN_PASSWORD', 'password', 'Password of Grafana\'s "admin" user', {
    // Grafana reads it on its first start only, then keeps it in its own database.
    changedWith: `docker compose exec ${S.grafana} grafana cli admin reset-admin-password --password-from-stdin (type it, then Ctrl-D)`,
  });
  stack.addVolume('grafana-data', { persistent: true });
  stack.addService({
    name: S.grafana,
    description: 'Grafana: the dashboards, provisioned from docker/observability/grafana',
    image: envRef('GRAFANA_IMAGE', DEFAULT_GRAFANA_IMAGE),
    environment: {
      GF_SECURITY_ADMIN_PASSWORD__FILE: secretFile('GRAFANA_ADMIN_PASSWORD'),
      GF_AUTH_ANONYMOUS_ENABLED: 'false',
      GF_ANALYTICS_REPORTING_ENABLED: 'false',
      GF_ANALYTICS_CHECK_FOR_UPDATES: 'false',
    },
    ports: [
      {
        container: OBSERVABILITY_PORTS.grafana,
        host: port,
        hostVariable: 'GRAFANA_PORT',
        label: 'Grafana',
        forward: true,
      },
    ],
    volumes: [
      { type: 'volume', source: 'grafana-data', target: '/var/lib/grafana' },
      configMount('grafana/provisioning', '/etc/grafana/provisioning'),
      configMount('grafana/dashboards', GRAFANA_DASHBOARDS_DIR),
    ],
    healthcheck: {
      test: [
        'CMD-SHELL',
        `wget -q -O /dev/null http://127.0.0.1:${OBSERVABILITY_PORTS.grafana}/api/health || exit 1`,
      ],
      interval: '10s',
      timeout: '5s',
      retries: 6,
      startPeriod: '20s',
    },
    dependsOn: { [S.prometheus]: 'service_healthy' },
    persistent: true,
    restart: 'unless-stopped',
  });
}

/**
 * Observability: Airflow's StatsD metrics into a receiver (collectd), PostgreSQL's through postgres_exporter,
 * both scraped by Prometheus with the alert rules loaded; Grafana with the dashboards when chosen. Every image
 * but Grafana's is built from Debian's packages (docker/observability/Dockerfile).
 */
export default definePlugin({
  name: OBSERVABILITY,
  apiVersion: 1,
  description: 'Prometheus with alert rules, Airflow metrics over StatsD, postgres_exporter, and dashboards.',
  requires: OBSERVABILITY_REQUIRES,
  options: OBSERVABILITY_OPTIONS,
  settings: observabilitySettings,
  contribute(stack, { answers }) {
    const settings = observabilitySettings(answers);
    stack.addSetting(
      'OBSERVABILITY_BASE_IMAGE',
      DEFAULT_BASE_IMAGE,
      'Debian image the Prometheus, StatsD receiver and postgres_exporter images are built on',
    );
    stack.addSetting(
      'PROMETHEUS_PORT',
      String(settings.prometheusPort),
      'Host port for Prometheus (bound to 127.0.0.1)',
    );
    stack.addBuild({
      name: OBSERVABILITY_BUILD,
      dockerfile: 'Dockerfile',
      context: OBSERVABILITY_DIR,
      stages: OBSERVABILITY_STAGES,
      args: { BASE_IMAGE: envRef('OBSERVABILITY_BASE_IMAGE', DEFAULT_BASE_IMAGE) },
    });
    stack.addService({
      name: S.statsd,
      description: `StatsD receiver (collectd): Airflow sends to ${S.statsd}:${STATSD_PORT}/udp`,
      build: { build: OBSERVABILITY_BUILD, target: 'statsd' },
      volumes: [configMount('collectd.conf', '/etc/data-eng/collectd.conf')],
      healthcheck: httpCheck(OBSERVABILITY_PORTS.statsdMetrics, '/metrics'),
      persistent: false,
      restart: 'unless-stopped',
    });
    stack.addService({
      name: S.postgresExporter,
      description: 'postgres_exporter: PostgreSQL statistics for Prometheus',
      build: { build: OBSERVABILITY_BUILD, target: 'postgres-exporter' },
      command: [`--web.listen-address=:${OBSERVABILITY_PORTS.postgresExporter}`],
      environment: {
        DATA_SOURCE_URI: `${POSTGRES_SERVICE}:${POSTGRES_CONTAINER_PORT}/${METADATA_DB}?sslmode=disable`,
        DATA_SOURCE_USER: METADATA_DB,
        // The password as a file: in no container's environment and no scrape config.
        DATA_SOURCE_PASS_FILE: secretFile('POSTGRES_PASSWORD'),
      },
      // It reports pg_up 0 until PostgreSQL answers, so it need not wait for it.
      dependsOn: { [POSTGRES_SERVICE]: 'service_started' },
      // Its landing page: /metrics would query the database on every check.
      healthcheck: httpCheck(OBSERVABILITY_PORTS.postgresExporter, '/'),
      persistent: false,
      restart: 'unless-stopped',
    });
    stack.addVolume('prometheus-data', { persistent: true });
    stack.addService({
      name: S.prometheus,
      description: 'Prometheus: scrapes the metrics and evaluates the alert rules',
      build: { build: OBSERVABILITY_BUILD, target: 'prometheus' },
      command: [
        '--config.file=/etc/prometheus/prometheus.yml',
        '--storage.tsdb.path=/prometheus',
        `--storage.tsdb.retention.time=${PROMETHEUS_RETENTION}`,
        `--web.listen-address=:${OBSERVABILITY_PORTS.prometheus}`,
      ],
      ports: [
        {
          container: OBSERVABILITY_PORTS.prometheus,
          host: settings.prometheusPort,
          hostVariable: 'PROMETHEUS_PORT',
          label: 'Prometheus',
          forward: true,
        },
      ],
      volumes: [
        { type: 'volume', source: 'prometheus-data', target: '/prometheus' },
        configMount('prometheus.yml', '/etc/prometheus/prometheus.yml'),
        configMount('rules', RULES_DIR),
      ],
      // Scrapes whatever answers: a target still starting is one failed scrape, not a reason to wait.
      dependsOn: { [S.statsd]: 'service_started', [S.postgresExporter]: 'service_started' },
      healthcheck: httpCheck(OBSERVABILITY_PORTS.prometheus, '/-/ready'),
      persistent: true,
      restart: 'unless-stopped',
    });
    if (settings.grafana) addGrafana(stack, settings.grafanaPort);
    for (const name of SENDERS.filter((service) => stack.hasService(service))) {
      stack.addEnv(name, statsdEnvironment(S.statsd));
    }
  },
  files(_stack, { answers }) {
    return observabilityFiles(observabilitySettings(answers));
  },
});
