import { airflowMetric } from './airflow-metrics.js';

/** What the alert rules take from the project's answers. */
export interface AlertThresholds {
  /** Task failures in one hour above which AirflowTaskFailures fires. */
  readonly taskFailuresPerHour: number;
  /**
   * Label matchers every selector gets, e.g. `namespace="sales-prod"` where one Prometheus watches several
   * deployments; none for the compose stack's own Prometheus.
   */
  readonly scope?: string;
  /** The groups to render; all by default. A cluster without postgres_exporter leaves out `postgres`. */
  readonly groups?: readonly AlertRule['group'][];
}

/** The share of PostgreSQL's max_connections in use above which PostgresConnectionsNearLimit fires. */
export const CONNECTIONS_RATIO = 0.8;

export interface AlertRule {
  readonly alert: string;
  readonly group: 'airflow' | 'postgres' | 'observability';
  readonly expr: string;
  /** How long the condition must hold before the alert fires (Prometheus `for`). */
  readonly for: string;
  readonly severity: 'critical' | 'warning';
  readonly summary: string;
  readonly description: string;
  /** The runbook paragraph: what it means and what to do, written into docs/observability.md. */
  readonly runbook: string;
}

/** The alerts a data team is paged for, in the order the docs list them. */
export function alertRules(thresholds: AlertThresholds): AlertRule[] {
  const ratio = CONNECTIONS_RATIO;
  const percent = Math.round(ratio * 100);
  const scope = thresholds.scope ?? '';
  /** A selector of one metric, within the scope. */
  const s = (metric: string, matchers = '') => {
    const all = [scope, matchers].filter(Boolean).join(',');
    return all ? `${metric}{${all}}` : metric;
  };
  const a = (name: string) => s(airflowMetric(name).name);
  const heartbeatStopped = (name: string) => `sum(rate(${a(name)}[2m])) == 0 or absent(${a(name)})`;
  return [
    {
      alert: 'AirflowSchedulerHeartbeatStopped',
      group: 'airflow',
      expr: heartbeatStopped('airflow_scheduler_heartbeat_total'),
      for: '2m',
      severity: 'critical',
      summary: 'The Airflow scheduler has stopped heartbeating',
      description: 'No scheduler heartbeat reached Prometheus for 2 minutes: no task is being scheduled.',
      runbook:
        "Check the scheduler: `data-eng status` shows its health and `data-eng logs airflow-scheduler` its last lines (on Kubernetes, `kubectl get pods` and `kubectl logs` of the scheduler pods in the namespace). A scheduler that cannot reach the metadata database, or was killed for memory, stops heartbeating first; restart it (`data-eng up`, or the pod). If it runs but the alert stays, the metrics path is broken: Airflow's `[metrics] statsd_host` must name the StatsD receiver (compose) or the chart's StatsD exporter (Kubernetes).",
    },
    {
      alert: 'AirflowDagImportErrors',
      group: 'airflow',
      expr: `max(${a('airflow_dag_processing_import_errors')}) > 0`,
      for: '5m',
      severity: 'warning',
      summary: 'DAG files fail to import',
      description:
        '{{ $value }} DAG file(s) have failed to import for 5 minutes; their DAGs are not scheduled.',
      runbook:
        'The UI lists each broken file under "DAG Import Errors" with its traceback; `make test` runs the DAG integrity test locally. Usually a missing package (add it to requirements.txt and rebuild) or a syntax error in a recent change.',
    },
    {
      alert: 'AirflowTaskFailures',
      group: 'airflow',
      expr: `sum(increase(${a('airflow_ti_failures_total')}[1h])) > ${thresholds.taskFailuresPerHour}`,
      for: '1m',
      severity: 'warning',
      summary: 'Many task failures in the last hour',
      description: `More than ${thresholds.taskFailuresPerHour} task instances failed in the last hour ({{ $value }}).`,
      runbook:
        'The "DAG runs and tasks" dashboard shows which DAGs fail (airflow_ti_finish_total{state="failed"} by dag_id). Open a failed task\'s log in the UI. Many DAGs failing at once points at something shared: a source system, credentials, or the workers themselves. Airflow 3 has no SLA misses to count (SLAs were removed in 3.0), so late runs show here only when they fail.',
    },
    {
      alert: 'AirflowPoolStarving',
      group: 'airflow',
      expr: `max by (pool) (${a('airflow_pool_starving_tasks')}) > 0`,
      for: '15m',
      severity: 'warning',
      summary: 'Tasks are starving for slots of pool {{ $labels.pool }}',
      description: 'Tasks have waited 15 minutes for a free slot of pool {{ $labels.pool }}.',
      runbook:
        'The pool is full for longer than a burst. Look at what holds its slots (Admin > Pools in the UI): a stuck task, or more work than the pool was sized for. Raise its slots, or spread the DAGs over another pool.',
    },
    {
      alert: 'AirflowTriggererDown',
      group: 'airflow',
      expr: heartbeatStopped('airflow_triggerer_heartbeat_total'),
      for: '2m',
      severity: 'critical',
      summary: 'The Airflow triggerer has stopped heartbeating',
      description: 'No triggerer heartbeat reached Prometheus for 2 minutes: deferred tasks do not resume.',
      runbook:
        'Deferrable operators and sensors wait on the triggerer. Check it with `data-eng status` and `data-eng logs airflow-triggerer` (on Kubernetes, the triggerer pods in the namespace), and restart it.',
    },
    {
      alert: 'PostgresConnectionsNearLimit',
      group: 'postgres',
      expr: `sum by (instance) (${s('pg_stat_activity_count')}) / on (instance) max by (instance) (${s('pg_settings_max_connections')}) > ${ratio}`,
      for: '5m',
      severity: 'warning',
      summary: `PostgreSQL has used more than ${percent}% of its connections`,
      description: `Connections in use on {{ $labels.instance }} have been above ${percent}% of max_connections for 5 minutes.`,
      runbook:
        'When the limit is reached Airflow cannot open a session and tasks fail. See who holds them: `select usename, application_name, state, count(*) from pg_stat_activity group by 1, 2, 3`. Long "idle in transaction" sessions are a DAG that does not close its connections. For more schedulers or API servers, put PgBouncer in front (`data-eng env add NAME --pgbouncer`) or raise max_connections.',
    },
    {
      alert: 'PostgresDown',
      group: 'postgres',
      expr: `${s('pg_up')} == 0`,
      for: '1m',
      severity: 'critical',
      summary: 'postgres_exporter cannot reach PostgreSQL',
      description: 'postgres_exporter on {{ $labels.instance }} has not reached PostgreSQL for a minute.',
      runbook:
        'Airflow stops when its metadata database does. Check `data-eng status` and `data-eng logs postgres`; a full disk or a changed password are the usual causes (after `data-eng secrets rotate`, restart the exporter with `data-eng up`).',
    },
    {
      alert: 'MetricsTargetDown',
      group: 'observability',
      expr: `${s('up')} == 0`,
      for: '2m',
      severity: 'warning',
      summary: 'Prometheus cannot scrape {{ $labels.job }}',
      description:
        'The {{ $labels.job }} target {{ $labels.instance }} has not answered a scrape for 2 minutes.',
      runbook:
        "A receiver or exporter is down, so the alerts above cannot see what they watch. `data-eng status` shows which service; Prometheus lists each target's last error under Status > Targets.",
    },
  ];
}

/** The rule file Prometheus loads (`rule_files`), one group per area. */
export function renderRuleGroups(thresholds: AlertThresholds): { groups: unknown[] } {
  const rules = alertRules(thresholds).filter(
    (rule) => thresholds.groups === undefined || thresholds.groups.includes(rule.group),
  );
  const groups = [...new Set(rules.map((rule) => rule.group))];
  return {
    groups: groups.map((group) => ({
      name: group,
      rules: rules
        .filter((rule) => rule.group === group)
        .map((rule) => ({
          alert: rule.alert,
          expr: rule.expr,
          for: rule.for,
          labels: { severity: rule.severity },
          annotations: {
            summary: rule.summary,
            description: rule.description,
            runbook: `docs/observability.md#${rule.alert.toLowerCase()}`,
          },
        })),
    })),
  };
}
