import { collectdRelabelling, STATSD_PORT } from './airflow-metrics.js';

/** Where the compose stack's receivers and exporters listen inside their containers. */
export const OBSERVABILITY_PORTS = {
  prometheus: 9090,
  /** collectd's write_prometheus plugin: the StatsD values as Prometheus metrics. */
  statsdMetrics: 9103,
  postgresExporter: 9187,
  grafana: 3000,
} as const;

/** How long the compose stack's Prometheus keeps samples. */
export const PROMETHEUS_RETENTION = '15d';

/** The folder Prometheus reads its rule files from, inside its container. */
export const RULES_DIR = '/etc/prometheus/rules';

export interface ScrapeTargets {
  /** host:port of the StatsD receiver's metrics. */
  readonly statsd: string;
  /** host:port of postgres_exporter. */
  readonly postgres: string;
}

/**
 * prometheus.yml of the compose stack: Prometheus itself, Airflow's StatsD metrics (renamed and labelled by the
 * mapping, with the receiver's own timestamps ignored so a value that stopped changing still counts as current),
 * and postgres_exporter. No credentials: the exporter holds the database password, not the scrape.
 */
export function renderPrometheusConfig(
  scrapeInterval: string,
  targets: ScrapeTargets,
): Record<string, unknown> {
  return {
    global: { scrape_interval: scrapeInterval, evaluation_interval: scrapeInterval },
    rule_files: [`${RULES_DIR}/*.yml`],
    scrape_configs: [
      {
        job_name: 'prometheus',
        static_configs: [{ targets: [`localhost:${OBSERVABILITY_PORTS.prometheus}`] }],
      },
      {
        job_name: 'airflow',
        honor_timestamps: false,
        static_configs: [{ targets: [targets.statsd] }],
        metric_relabel_configs: collectdRelabelling(),
      },
      { job_name: 'postgres', static_configs: [{ targets: [targets.postgres] }] },
    ],
  };
}

/**
 * collectd.conf of the StatsD receiver: the statsd plugin listens where Airflow sends, write_prometheus serves
 * what it gathered. Counters stay at their running total between datagrams (so rate() sees zero, not a gap).
 */
export function renderCollectdConf(intervalSeconds: number): string {
  return [
    "# The StatsD receiver of the observability part: collectd's statsd plugin takes Airflow's datagrams and",
    '# write_prometheus serves them to Prometheus, which renames them (docker/observability/prometheus.yml).',
    `Interval ${intervalSeconds}`,
    'FQDNLookup false',
    'Hostname "statsd"',
    'LoadPlugin logfile',
    '<Plugin logfile>',
    '  LogLevel warning',
    '  File STDOUT',
    '</Plugin>',
    'LoadPlugin statsd',
    'LoadPlugin write_prometheus',
    '<Plugin statsd>',
    '  Host "0.0.0.0"',
    `  Port "${STATSD_PORT}"`,
    '  DeleteSets true',
    '  TimerPercentile 90',
    '  TimerCount true',
    '</Plugin>',
    '<Plugin write_prometheus>',
    `  Port "${OBSERVABILITY_PORTS.statsdMetrics}"`,
    '</Plugin>',
    '',
  ].join('\n');
}

/** Seconds of a Prometheus duration such as 15s, 1m or 2h. */
export function durationSeconds(duration: string): number {
  const match = /^(\d+)([smh])$/.exec(duration);
  if (!match) throw new Error(`Not a duration: ${duration}; use a number and s, m or h, e.g. 15s.`);
  return Number(match[1]) * { s: 1, m: 60, h: 3600 }[match[2] as 's' | 'm' | 'h'];
}
