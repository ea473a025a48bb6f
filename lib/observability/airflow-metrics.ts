/**
 * Airflow's StatsD metrics as Prometheus metrics: the one table of which dotted names become which labelled
 * metrics. Two renderings read it: the Prometheus relabelling of the compose stack's StatsD receiver
 * (collectd's statsd and write_prometheus plugins) and the mapping of the Helm chart's StatsD exporter, so a
 * rule, a dashboard or `data-eng status --metrics` names the same metric on either path.
 *
 * Names follow Airflow 3's metric tables (airflow-core docs, "Metric Descriptions"). Plain StatsD carries no
 * tags, so the per-DAG, per-task and per-pool values come from the legacy dotted names, where each `*` is one
 * dot-separated part: a DAG or task id with a dot in it (a task group's task, for instance) does not match.
 */

/** The StatsD prefix Airflow is configured with (`[metrics] statsd_prefix`). */
export const STATSD_PREFIX = 'airflow';
/** The port Airflow sends StatsD datagrams to (UDP). */
export const STATSD_PORT = 8125;

export type AirflowMetricKind = 'counter' | 'gauge';

export interface AirflowMetric {
  /** The StatsD name after the prefix; `*` is one dot-separated part that becomes a label. */
  readonly statsd: string;
  /** The Prometheus name; counters end in `_total`. */
  readonly name: string;
  readonly kind: AirflowMetricKind;
  /** The labels the `*` parts become, in order. */
  readonly labels: readonly string[];
  readonly help: string;
}

const counter = (statsd: string, name: string, help: string, labels: readonly string[] = []) =>
  ({ statsd, name, kind: 'counter', labels, help }) as const;
const gauge = (statsd: string, name: string, help: string, labels: readonly string[] = []) =>
  ({ statsd, name, kind: 'gauge', labels, help }) as const;

export const AIRFLOW_METRICS: readonly AirflowMetric[] = [
  counter('scheduler_heartbeat', 'airflow_scheduler_heartbeat_total', 'Scheduler heartbeats'),
  counter('triggerer_heartbeat', 'airflow_triggerer_heartbeat_total', 'Triggerer heartbeats'),
  counter('dag_processor_heartbeat', 'airflow_dag_processor_heartbeat_total', 'DAG processor heartbeats'),
  counter('ti_failures', 'airflow_ti_failures_total', 'Task instance failures'),
  counter('ti_successes', 'airflow_ti_successes_total', 'Task instance successes'),
  counter('ti.start.*.*', 'airflow_ti_start_total', 'Task instances started', ['dag_id', 'task_id']),
  counter('ti.finish.*.*.*', 'airflow_ti_finish_total', 'Task instances finished, by state', [
    'dag_id',
    'task_id',
    'state',
  ]),
  counter(
    'scheduler.tasks.killed_externally',
    'airflow_scheduler_tasks_killed_externally_total',
    'Tasks killed outside Airflow',
  ),
  counter(
    'dag_processing.processor_timeouts',
    'airflow_dag_processing_processor_timeouts_total',
    'DAG file processors killed for taking too long',
  ),
  counter('triggers.failed', 'airflow_triggers_failed_total', 'Triggers that failed before firing'),
  gauge('dagbag_size', 'airflow_dagbag_size', 'DAGs found in the last scan'),
  gauge(
    'dag_processing.import_errors',
    'airflow_dag_processing_import_errors',
    'DAG files that fail to import',
  ),
  gauge(
    'dag_processing.total_parse_time',
    'airflow_dag_processing_total_parse_time_seconds',
    'Seconds to parse every DAG file once',
  ),
  gauge('scheduler.tasks.starving', 'airflow_scheduler_tasks_starving', 'Tasks with no open pool slot'),
  gauge('scheduler.dagruns.running', 'airflow_scheduler_dagruns_running', 'DAGs whose latest run is running'),
  gauge('executor.open_slots', 'airflow_executor_open_slots', 'Open executor slots'),
  gauge('executor.queued_tasks', 'airflow_executor_queued_tasks', 'Tasks queued in the executor'),
  gauge('executor.running_tasks', 'airflow_executor_running_tasks', 'Tasks running in the executor'),
  gauge('pool.open_slots.*', 'airflow_pool_open_slots', 'Open slots of a pool', ['pool']),
  gauge('pool.queued_slots.*', 'airflow_pool_queued_slots', 'Queued slots of a pool', ['pool']),
  gauge('pool.running_slots.*', 'airflow_pool_running_slots', 'Running slots of a pool', ['pool']),
  gauge('pool.starving_tasks.*', 'airflow_pool_starving_tasks', 'Tasks starving for a slot of a pool', [
    'pool',
  ]),
  gauge('triggers.running.*', 'airflow_triggers_running', 'Triggers running on a triggerer', ['hostname']),
];

/** The one metric of that Prometheus name: rules, dashboards and the status summary name only these. */
export function airflowMetric(name: string): AirflowMetric {
  const metric = AIRFLOW_METRICS.find((candidate) => candidate.name === name);
  if (!metric) throw new Error(`No Airflow metric is mapped to ${name}.`);
  return metric;
}

const escapeRegex = (text: string) => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
/** The full StatsD name as a regular expression, one capture group per label. */
const statsdRegex = (metric: AirflowMetric) =>
  escapeRegex(`${STATSD_PREFIX}.${metric.statsd}`).replace(/\\?\*/g, '([^.]+)');

/** The series collectd's write_prometheus plugin gives a StatsD counter or gauge (the name is in `statsd`). */
export const COLLECTD_SERIES: Readonly<Record<AirflowMetricKind, string>> = {
  counter: 'collectd_statsd_derive_total',
  gauge: 'collectd_statsd_gauge',
};
/** The label write_prometheus puts the StatsD name in. */
export const COLLECTD_NAME_LABEL = 'statsd';

export type RelabelRule =
  | {
      readonly source_labels: readonly string[];
      readonly regex: string;
      readonly target_label: string;
      readonly replacement: string;
      readonly action: 'replace';
    }
  | { readonly regex: string; readonly action: 'labeldrop' };

/**
 * Prometheus `metric_relabel_configs` that turn collectd's `collectd_statsd_*{statsd="airflow.…"}` series into
 * the table's metrics: each label from its part of the name, then the name; the `statsd` label is dropped from
 * what was mapped, and anything not in the table keeps collectd's naming. collectd's own `instance` label
 * (its host name, which Prometheus keeps as `exported_instance`) says nothing and goes.
 */
export function collectdRelabelling(): RelabelRule[] {
  const mapped = AIRFLOW_METRICS.flatMap((metric): RelabelRule[] => {
    const from = `${COLLECTD_SERIES[metric.kind]};${statsdRegex(metric)}`;
    const source = ['__name__', COLLECTD_NAME_LABEL];
    const rule = (target: string, replacement: string, regex = from): RelabelRule => ({
      source_labels: source,
      regex,
      target_label: target,
      replacement,
      action: 'replace',
    });
    return [
      ...metric.labels.map((label, index) => rule(label, `$${index + 1}`)),
      rule('__name__', metric.name),
      rule(COLLECTD_NAME_LABEL, '', `${escapeRegex(metric.name)};${statsdRegex(metric)}`),
    ];
  });
  return [...mapped, { regex: 'exported_instance', action: 'labeldrop' }];
}

export interface StatsdExporterMapping {
  readonly match: string;
  readonly name: string;
  readonly match_metric_type: AirflowMetricKind;
  readonly labels?: Readonly<Record<string, string>>;
}

/** The Prometheus StatsD exporter's mappings (the Helm chart's `statsd.overrideMappings`). */
export function statsdExporterMappings(): StatsdExporterMapping[] {
  return AIRFLOW_METRICS.map((metric) => ({
    match: `${STATSD_PREFIX}.${metric.statsd}`,
    name: metric.name,
    match_metric_type: metric.kind,
    ...(metric.labels.length > 0
      ? { labels: Object.fromEntries(metric.labels.map((label, index) => [label, `$${index + 1}`])) }
      : {}),
  }));
}

/** Airflow's `[metrics]` settings that send StatsD to `host`, as AIRFLOW__METRICS__* variables. */
export function statsdEnvironment(host: string): Record<string, string> {
  return {
    AIRFLOW__METRICS__STATSD_ON: 'True',
    AIRFLOW__METRICS__STATSD_HOST: host,
    AIRFLOW__METRICS__STATSD_PORT: String(STATSD_PORT),
    AIRFLOW__METRICS__STATSD_PREFIX: STATSD_PREFIX,
  };
}
