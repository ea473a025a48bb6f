import { METRIC_QUERIES, type MetricQuery } from './metric-queries.js';

/** What `data-eng status --metrics` shows; null where Prometheus has no series (yet). */
export interface MetricsSummary {
  readonly prometheus: string;
  /** Seconds since the scheduler's heartbeat counter last rose; null: none in the last hour. */
  readonly heartbeatAgeSeconds: number | null;
  readonly runningTasks: number | null;
  readonly queuedTasks: number | null;
  readonly failuresLastHour: number | null;
  readonly importErrors: number | null;
  /** The share of PostgreSQL's max_connections in use, 0 to 1. */
  readonly connectionsUsed: number | null;
}

/** Prometheus did not answer, or refused a query. */
export class PrometheusError extends Error {
  override readonly name = 'PrometheusError';
}

interface QueryAnswer {
  status: string;
  error?: string;
  data?: { result?: { value?: [number, string] }[] };
}

async function ask(base: string, expr: string, signal: AbortSignal): Promise<number | null> {
  let answer: QueryAnswer;
  try {
    const response = await fetch(`${base}/api/v1/query?query=${encodeURIComponent(expr)}`, { signal });
    answer = (await response.json()) as QueryAnswer;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new PrometheusError(`Prometheus does not answer at ${base} (${reason})`);
  }
  if (answer.status !== 'success')
    throw new PrometheusError(`Prometheus refused ${expr}: ${answer.error ?? answer.status}`);
  const value = answer.data?.result?.[0]?.value?.[1];
  return value === undefined || Number.isNaN(Number(value)) ? null : Number(value);
}

/** Ask the project's Prometheus (its base URL) for the summary, every query at once. */
export async function readMetricsSummary(base: string, timeoutMs = 10_000): Promise<MetricsSummary> {
  const signal = AbortSignal.timeout(timeoutMs);
  const names = Object.keys(METRIC_QUERIES) as MetricQuery[];
  const values = await Promise.all(names.map((name) => ask(base, METRIC_QUERIES[name], signal)));
  const of = (name: MetricQuery) => values[names.indexOf(name)] ?? null;
  const age = of('heartbeatAge');
  return {
    prometheus: base,
    heartbeatAgeSeconds: age === null ? null : Math.max(0, Math.round(age)),
    runningTasks: of('running'),
    queuedTasks: of('queued'),
    failuresLastHour: of('failuresLastHour') === null ? null : Math.round(of('failuresLastHour')!),
    importErrors: of('importErrors'),
    connectionsUsed: of('connectionsUsed'),
  };
}

const shown = (value: number | null, unit = '') => (value === null ? 'no data' : `${value}${unit}`);

/** The summary as lines for the terminal. */
export function formatMetricsSummary(summary: MetricsSummary): string {
  const heartbeat =
    summary.heartbeatAgeSeconds === null
      ? 'none in the last hour (is the scheduler running, and sending StatsD?)'
      : `${summary.heartbeatAgeSeconds} s ago`;
  const connections =
    summary.connectionsUsed === null
      ? 'no data'
      : `${Math.round(summary.connectionsUsed * 100)}% of max_connections`;
  return [
    `Metrics from ${summary.prometheus}`,
    `  scheduler heartbeat      ${heartbeat}`,
    `  tasks running / queued   ${shown(summary.runningTasks)} / ${shown(summary.queuedTasks)}`,
    `  task failures, last hour ${shown(summary.failuresLastHour)}`,
    `  DAG import errors        ${shown(summary.importErrors)}`,
    `  PostgreSQL connections   ${connections}`,
  ].join('\n');
}
