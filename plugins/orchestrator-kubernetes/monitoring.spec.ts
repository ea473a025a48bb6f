import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
// Generated models of the Prometheus Operator's CRDs (monitoring.coreos.com/v1), with the CRDs' own schemas:
// https://github.com/tommy351/kubernetes-models-ts/tree/master/third-party/prometheus-operator, version 6.0.0.
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { renderPlugin } from '../../cli/testing.js';
import { chartSchemaErrors, helmMerge } from '../../__tests__/helpers/helm-chart.js';
import { AIRFLOW_METRICS } from '../../lib/observability/airflow-metrics.js';
import kubernetes, { environmentValuesFile, VALUES_FILE } from './index.js';
import { monitoringFile } from './monitoring.js';

const ENVIRONMENTS = {
  dev: { target: 'compose' },
  staging: { target: 'kubernetes', taskLogs: 'persistence' },
  prod: { target: 'kubernetes', replicas: 3, taskLogs: 'remote', remoteLogFolder: 's3://corp-logs/airflow' },
};

async function render(withObservability = true) {
  return renderPlugin(kubernetes, {
    project: { name: 'mon-demo' },
    with: ['postgres', 'airflow', ...(withObservability ? ['observability'] : [])],
    componentAnswers: {
      ...(withObservability ? { observability: { taskFailuresPerHour: 12, scrapeInterval: '20s' } } : {}),
    },
    answers: { logs: 'pods', executor: 'KubernetesExecutor' },
    environments: ENVIRONMENTS,
  });
}

const valuesOf = (files: Readonly<Record<string, string>>, environment: string) =>
  helmMerge(
    parse(files[VALUES_FILE]!) as Record<string, unknown>,
    parse(files[environmentValuesFile(environment)]!) as Record<string, unknown>,
  );

describe('orchestrator-kubernetes with the observability part', () => {
  it("maps Airflow's StatsD names in the chart's exporter, valid for every environment", async () => {
    const { files } = await render();
    const base = parse(files[VALUES_FILE]!) as {
      statsd: { enabled: boolean; overrideMappings: { name: string }[] };
    };
    expect(base.statsd.enabled).toBe(true);
    // The chart points Airflow at its own exporter; the compose stack's statsd host must not reach the values.
    expect((base as Record<string, any>).config.metrics).toBeUndefined();
    expect(base.statsd.overrideMappings.map((m) => m.name)).toEqual(AIRFLOW_METRICS.map((m) => m.name));
    for (const environment of ['staging', 'prod']) {
      expect(chartSchemaErrors(valuesOf(files, environment)), environment).toEqual([]);
    }
  });

  it('renders a ServiceMonitor and the alert rules per install, valid against the operator CRDs, scoped to the namespace', async () => {
    const { files } = await render();
    for (const [environment, namespace] of [
      [undefined, 'mon-demo'],
      ['staging', 'mon-demo-staging'],
      ['prod', 'mon-demo-prod'],
    ] as const) {
      const documents = parseAllDocuments(files[monitoringFile(environment)]!).map((doc) => doc.toJS());
      expect(documents.map((doc) => doc.kind)).toEqual(['ServiceMonitor', 'PrometheusRule']);
      const [monitor, rule] = documents;
      expect(() => new ServiceMonitor(monitor).validate()).not.toThrow();
      expect(() => new PrometheusRule(rule).validate()).not.toThrow();
      expect(monitor.metadata.namespace).toBe(namespace);
      // The chart's StatsD Service: labels tier=airflow, component=statsd, release=<release>; port statsd-scrape.
      expect(monitor.spec.selector.matchLabels).toEqual({
        tier: 'airflow',
        component: 'statsd',
        release: 'mon-demo',
      });
      expect(monitor.spec.endpoints).toEqual([{ port: 'statsd-scrape', interval: '20s' }]);
      // No exporter of PostgreSQL runs in the cluster, so no rule waits on its metrics.
      expect(rule.spec.groups.map((group: { name: string }) => group.name)).toEqual([
        'airflow',
        'observability',
      ]);
      const rules = rule.spec.groups.flatMap(
        (group: { rules: { alert: string; expr: string }[] }) => group.rules,
      );
      expect(rules.find((r: { alert: string }) => r.alert === 'AirflowTaskFailures').expr).toContain('> 12');
      for (const { alert, expr } of rules as { alert: string; expr: string }[]) {
        // Every metric selector carries the namespace, so one Prometheus can watch several installs.
        const selectors = expr.match(/\b(airflow_[a-z_]+|pg_[a-z_]+|up)\b(\{[^}]*\})?/g) ?? [];
        expect(selectors.length, alert).toBeGreaterThan(0);
        for (const selector of selectors) expect(selector, alert).toContain(`namespace="${namespace}"`);
      }
    }
  });

  it('keeps task logs where each environment says', async () => {
    const { files } = await render();
    const staging = valuesOf(files, 'staging') as Record<string, any>;
    const prod = valuesOf(files, 'prod') as Record<string, any>;
    const base = parse(files[VALUES_FILE]!) as Record<string, any>;
    expect(base.logs).toBeUndefined();
    expect(base.config.kubernetes_executor).toEqual({ delete_worker_pods: 'False' });
    expect(staging.logs).toEqual({ persistence: { enabled: true } });
    expect(prod.config.logging).toMatchObject({
      remote_logging: 'True',
      remote_base_log_folder: 's3://corp-logs/airflow',
    });
    expect(prod.logs).toBeUndefined();
  });

  it('renders no monitoring files and no StatsD mapping without the part', async () => {
    const { files } = await render(false);
    expect(Object.keys(files).filter((path) => path.includes('monitoring'))).toEqual([]);
    expect((parse(files[VALUES_FILE]!) as Record<string, unknown>).statsd).toBeUndefined();
  });
});
