import type { AlertThresholds, ContributeContext, Environment } from '../../lib/plugins/public-api.js';
import { alertRuleGroups } from '../../lib/plugins/public-api.js';
import { namespaceOf } from './secret-sources.js';

/** The file of one environment's monitoring manifests; `monitoring.yaml` for the base values' install. */
export const monitoringFile = (environment?: string): string =>
  environment ? `deploy/helm/monitoring-${environment}.yaml` : 'deploy/helm/monitoring.yaml';

/** The observability answers this plugin reads (resolved by their owner), or undefined without the part. */
export interface ObservabilitySettings {
  readonly taskFailuresPerHour: number;
  readonly scrapeInterval: string;
}
export function observabilityOf(
  context: Pick<ContributeContext, 'settingsOf'>,
): ObservabilitySettings | undefined {
  return context.settingsOf('observability') as ObservabilitySettings | undefined;
}

/**
 * The Prometheus Operator's manifests for one install: a ServiceMonitor of the chart's StatsD exporter (its
 * Service, labelled tier/component/release, port statsd-scrape) and the project's alert rules as a
 * PrometheusRule, every selector scoped to the install's namespace so a shared Prometheus keeps installs apart.
 * The chart runs no postgres_exporter, so the PostgreSQL rules stay out: a managed database has its own.
 */
export function monitoringManifests(
  project: string,
  settings: ObservabilitySettings,
  environment?: Environment,
): Record<string, unknown>[] {
  const rules: AlertThresholds = {
    taskFailuresPerHour: settings.taskFailuresPerHour,
    groups: ['airflow', 'observability'],
  };
  const namespace = namespaceOf(project, environment);
  const labels = { 'app.kubernetes.io/part-of': project };
  return [
    {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: `${project}-statsd`, namespace, labels },
      spec: {
        selector: { matchLabels: { tier: 'airflow', component: 'statsd', release: project } },
        namespaceSelector: { matchNames: [namespace] },
        endpoints: [{ port: 'statsd-scrape', interval: settings.scrapeInterval }],
      },
    },
    {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: `${project}-alerts`, namespace, labels },
      spec: alertRuleGroups({ ...rules, scope: `namespace="${namespace}"` }),
    },
  ];
}
