import { describe, expect, it } from 'vitest';
import {
  AIRFLOW_METRICS,
  collectdRelabelling,
  statsdExporterMappings,
  type RelabelRule,
} from './airflow-metrics.js';

/** Prometheus's relabelling of one series, written here apart from Prometheus: replace and labeldrop. */
function relabel(labels: Record<string, string>, rules: readonly RelabelRule[]): Record<string, string> {
  const out = { ...labels };
  for (const rule of rules) {
    if (rule.action === 'labeldrop') {
      for (const key of Object.keys(out)) if (new RegExp(`^(?:${rule.regex})$`).test(key)) delete out[key];
      continue;
    }
    const value = rule.source_labels.map((label) => out[label] ?? '').join(';');
    const match = new RegExp(`^(?:${rule.regex})$`).exec(value);
    if (!match) continue;
    const replaced = rule.replacement.replace(/\$(\d+)/g, (_, n: string) => match[Number(n)] ?? '');
    if (replaced === '') delete out[rule.target_label];
    else out[rule.target_label] = replaced;
  }
  return out;
}

const collectd = (kind: 'derive_total' | 'gauge', name: string) => ({
  __name__: `collectd_statsd_${kind}`,
  statsd: name,
  exported_instance: 'statsd',
  instance: 'statsd:9103',
});

describe('the Airflow metric mapping', () => {
  it('names each metric once, counters with _total, one label per wildcard', () => {
    const names = AIRFLOW_METRICS.map((metric) => metric.name);
    expect(new Set(names).size).toBe(names.length);
    for (const metric of AIRFLOW_METRICS) {
      expect(metric.name).toMatch(/^airflow_[a-z_]+$/);
      expect(metric.name.endsWith('_total'), metric.name).toBe(metric.kind === 'counter');
      expect(metric.statsd.split('*').length - 1, metric.statsd).toBe(metric.labels.length);
    }
  });

  it("renames collectd's series into the labelled metrics", () => {
    const rules = collectdRelabelling();
    expect(relabel(collectd('derive_total', 'airflow.ti.finish.etl.load.failed'), rules)).toEqual({
      __name__: 'airflow_ti_finish_total',
      dag_id: 'etl',
      task_id: 'load',
      state: 'failed',
      instance: 'statsd:9103',
    });
    expect(relabel(collectd('gauge', 'airflow.pool.open_slots.default_pool'), rules)).toEqual({
      __name__: 'airflow_pool_open_slots',
      pool: 'default_pool',
      instance: 'statsd:9103',
    });
    expect(relabel(collectd('derive_total', 'airflow.scheduler_heartbeat'), rules)).toEqual({
      __name__: 'airflow_scheduler_heartbeat_total',
      instance: 'statsd:9103',
    });
  });

  it('leaves what the table does not name, and a gauge sent as a counter, under collectd', () => {
    const rules = collectdRelabelling();
    expect(relabel(collectd('gauge', 'airflow.dag.etl.load.duration-average'), rules).__name__).toBe(
      'collectd_statsd_gauge',
    );
    // A task id with a dot (a task group's task) is more parts than the pattern has.
    expect(relabel(collectd('derive_total', 'airflow.ti.finish.etl.group.load.failed'), rules).__name__).toBe(
      'collectd_statsd_derive_total',
    );
    expect(relabel(collectd('gauge', 'airflow.scheduler_heartbeat'), rules).__name__).toBe(
      'collectd_statsd_gauge',
    );
  });

  it("gives the chart's StatsD exporter the same names and labels", () => {
    const mappings = statsdExporterMappings();
    expect(mappings).toHaveLength(AIRFLOW_METRICS.length);
    expect(mappings.find((m) => m.name === 'airflow_ti_finish_total')).toEqual({
      match: 'airflow.ti.finish.*.*.*',
      name: 'airflow_ti_finish_total',
      match_metric_type: 'counter',
      labels: { dag_id: '$1', task_id: '$2', state: '$3' },
    });
  });
});
