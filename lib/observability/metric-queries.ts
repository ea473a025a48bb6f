import { airflowMetric } from './airflow-metrics.js';

const m = (name: string) => airflowMetric(name).name;

/** The longest scrape interval the queries and rules work with: they look back over one minute at least. */
export const MAX_SCRAPE_SECONDS = 30;

/**
 * The PromQL `data-eng status --metrics` asks, shared with the dashboards. The heartbeat age is the time since
 * the counter last rose, found on a 15-second grid over the last hour (so it is good to about 15 seconds, plus
 * the scrape interval); an empty answer means no heartbeat in that hour.
 */
export const METRIC_QUERIES = {
  heartbeatAge: `time() - max(max_over_time((timestamp(increase(${m('airflow_scheduler_heartbeat_total')}[1m]) > 0))[1h:15s]))`,
  running: `sum(${m('airflow_executor_running_tasks')})`,
  queued: `sum(${m('airflow_executor_queued_tasks')})`,
  failuresLastHour: `sum(increase(${m('airflow_ti_failures_total')}[1h]))`,
  importErrors: `max(${m('airflow_dag_processing_import_errors')})`,
  connectionsUsed: 'sum(pg_stat_activity_count) / max(pg_settings_max_connections)',
} as const;
export type MetricQuery = keyof typeof METRIC_QUERIES;
