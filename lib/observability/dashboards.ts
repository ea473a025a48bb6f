import { airflowMetric } from './airflow-metrics.js';
import { METRIC_QUERIES } from './metric-queries.js';

/** The uid Grafana's provisioned Prometheus data source is known by; every panel names it. */
export const GRAFANA_DATASOURCE_UID = 'prometheus';

export interface Panel {
  readonly title: string;
  readonly kind: 'timeseries' | 'stat';
  /** PromQL, one per series; each must run against the project's Prometheus (tested). */
  readonly queries: readonly { readonly expr: string; readonly legend?: string }[];
  readonly unit?: string;
}

export interface Dashboard {
  /** The file name under the dashboards folder, and Grafana's uid. */
  readonly uid: string;
  readonly title: string;
  readonly panels: readonly Panel[];
}

const m = (name: string) => airflowMetric(name).name;

/** The dashboards Grafana is provisioned with: the scheduler, DAG runs and tasks, and PostgreSQL. */
export const DASHBOARDS: readonly Dashboard[] = [
  {
    uid: 'airflow-scheduler',
    title: 'Airflow scheduler',
    panels: [
      {
        title: 'Seconds since the last scheduler heartbeat',
        kind: 'stat',
        unit: 's',
        queries: [{ expr: METRIC_QUERIES.heartbeatAge }],
      },
      {
        title: 'Scheduler heartbeats per minute',
        kind: 'timeseries',
        queries: [
          { expr: `sum(rate(${m('airflow_scheduler_heartbeat_total')}[5m])) * 60`, legend: 'scheduler' },
        ],
      },
      {
        title: 'Executor',
        kind: 'timeseries',
        queries: [
          { expr: `sum(${m('airflow_executor_running_tasks')})`, legend: 'running' },
          { expr: `sum(${m('airflow_executor_queued_tasks')})`, legend: 'queued' },
          { expr: `sum(${m('airflow_executor_open_slots')})`, legend: 'open slots' },
        ],
      },
      {
        title: 'Starving tasks',
        kind: 'timeseries',
        queries: [{ expr: `max(${m('airflow_scheduler_tasks_starving')})`, legend: 'starving' }],
      },
      {
        title: 'DAG files: import errors and parse time',
        kind: 'timeseries',
        queries: [
          { expr: `max(${m('airflow_dag_processing_import_errors')})`, legend: 'import errors' },
          { expr: `max(${m('airflow_dag_processing_total_parse_time_seconds')})`, legend: 'parse time (s)' },
          { expr: `max(${m('airflow_dagbag_size')})`, legend: 'DAGs' },
        ],
      },
      {
        title: 'Triggerer',
        kind: 'timeseries',
        queries: [
          {
            expr: `sum(rate(${m('airflow_triggerer_heartbeat_total')}[5m])) * 60`,
            legend: 'heartbeats / min',
          },
          {
            expr: `sum by (hostname) (${m('airflow_triggers_running')})`,
            legend: 'triggers on {{hostname}}',
          },
        ],
      },
    ],
  },
  {
    uid: 'airflow-dag-runs',
    title: 'Airflow DAG runs and tasks',
    panels: [
      {
        title: 'Running DAG runs',
        kind: 'stat',
        queries: [{ expr: `max(${m('airflow_scheduler_dagruns_running')})` }],
      },
      {
        title: 'Task failures in the last hour',
        kind: 'stat',
        queries: [{ expr: METRIC_QUERIES.failuresLastHour }],
      },
      {
        title: 'Finished tasks per hour, by state',
        kind: 'timeseries',
        queries: [
          { expr: `sum by (state) (increase(${m('airflow_ti_finish_total')}[1h]))`, legend: '{{state}}' },
        ],
      },
      {
        title: 'Failed tasks per hour, by DAG',
        kind: 'timeseries',
        queries: [
          {
            expr: `sum by (dag_id) (increase(${m('airflow_ti_finish_total')}{state="failed"}[1h]))`,
            legend: '{{dag_id}}',
          },
        ],
      },
      {
        title: 'Pool slots',
        kind: 'timeseries',
        queries: [
          { expr: `sum by (pool) (${m('airflow_pool_running_slots')})`, legend: '{{pool}} running' },
          { expr: `sum by (pool) (${m('airflow_pool_queued_slots')})`, legend: '{{pool}} queued' },
          { expr: `sum by (pool) (${m('airflow_pool_open_slots')})`, legend: '{{pool}} open' },
        ],
      },
    ],
  },
  {
    uid: 'postgres',
    title: 'PostgreSQL',
    panels: [
      { title: 'Up', kind: 'stat', queries: [{ expr: 'max(pg_up)' }] },
      {
        title: 'Connections in use (share of max_connections)',
        kind: 'stat',
        unit: 'percentunit',
        queries: [{ expr: METRIC_QUERIES.connectionsUsed }],
      },
      {
        title: 'Connections by database',
        kind: 'timeseries',
        queries: [{ expr: 'sum by (datname) (pg_stat_activity_count)', legend: '{{datname}}' }],
      },
      {
        title: 'Transactions per second',
        kind: 'timeseries',
        queries: [
          {
            expr: 'sum by (datname) (rate(pg_stat_database_xact_commit[5m]))',
            legend: '{{datname}} commits',
          },
          {
            expr: 'sum by (datname) (rate(pg_stat_database_xact_rollback[5m]))',
            legend: '{{datname}} rollbacks',
          },
        ],
      },
      {
        title: 'Database size',
        kind: 'timeseries',
        unit: 'bytes',
        queries: [{ expr: 'sum by (datname) (pg_database_size_bytes)', legend: '{{datname}}' }],
      },
      {
        title: 'Deadlocks per hour',
        kind: 'timeseries',
        queries: [
          { expr: 'sum by (datname) (increase(pg_stat_database_deadlocks[1h]))', legend: '{{datname}}' },
        ],
      },
    ],
  },
];

/** A dashboard as Grafana's JSON model: panels two to a row, each querying the provisioned data source. */
export function renderDashboard(dashboard: Dashboard): Record<string, unknown> {
  const datasource = { type: 'prometheus', uid: GRAFANA_DATASOURCE_UID };
  return {
    uid: dashboard.uid,
    title: dashboard.title,
    tags: ['data-eng'],
    timezone: 'browser',
    schemaVersion: 39,
    version: 1,
    editable: true,
    refresh: '30s',
    time: { from: 'now-6h', to: 'now' },
    panels: dashboard.panels.map((panel, index) => ({
      id: index + 1,
      type: panel.kind,
      title: panel.title,
      datasource,
      gridPos: { h: 8, w: 12, x: (index % 2) * 12, y: Math.floor(index / 2) * 8 },
      fieldConfig: { defaults: panel.unit === undefined ? {} : { unit: panel.unit }, overrides: [] },
      options: {},
      targets: panel.queries.map((query, ref) => ({
        refId: String.fromCharCode(65 + ref),
        datasource,
        expr: query.expr,
        ...(query.legend === undefined ? {} : { legendFormat: query.legend }),
      })),
    })),
  };
}
