import { stringify } from 'yaml';
import type { FileContribution } from '../../lib/plugins/public-api.js';
import { renderTemplate } from '../../lib/render/render-template.js';
import { AIRFLOW_METRICS, STATSD_PORT } from '../../lib/observability/airflow-metrics.js';
import { alertRules, renderRuleGroups, type AlertThresholds } from '../../lib/observability/alert-rules.js';
import { DASHBOARDS, GRAFANA_DATASOURCE_UID, renderDashboard } from '../../lib/observability/dashboards.js';
import {
  durationSeconds,
  OBSERVABILITY_PORTS,
  PROMETHEUS_RETENTION,
  RULES_DIR,
  renderCollectdConf,
  renderPrometheusConfig,
} from '../../lib/observability/prometheus-config.js';
import { GRAFANA_DASHBOARDS_DIR, OBSERVABILITY_DIR, OBSERVABILITY_SERVICES as S } from './constants.js';
import type { observabilitySettings } from './options.js';

type Settings = ReturnType<typeof observabilitySettings>;

export const OBSERVABILITY_FILES = {
  prometheus: `${OBSERVABILITY_DIR}/prometheus.yml`,
  rules: `${OBSERVABILITY_DIR}/rules/alerts.yml`,
  collectd: `${OBSERVABILITY_DIR}/collectd.conf`,
  dockerfile: `${OBSERVABILITY_DIR}/Dockerfile`,
  dashboards: `${OBSERVABILITY_DIR}/grafana/dashboards`,
  provisioning: `${OBSERVABILITY_DIR}/grafana/provisioning`,
  docs: 'docs/observability.md',
} as const;

const yamlFile = (header: string, value: unknown) =>
  `# ${header}\n${stringify(value, { lineWidth: 0, aliasDuplicateObjects: false })}`;

export function observabilityFiles(settings: Settings): FileContribution[] {
  const thresholds: AlertThresholds = { taskFailuresPerHour: settings.taskFailuresPerHour };
  const files: FileContribution[] = [
    { path: OBSERVABILITY_FILES.dockerfile, content: renderTemplate(import.meta.url, 'Dockerfile') },
    {
      path: OBSERVABILITY_FILES.collectd,
      content: renderCollectdConf(Math.max(1, Math.floor(durationSeconds(settings.scrapeInterval) / 2))),
    },
    {
      path: OBSERVABILITY_FILES.prometheus,
      content: yamlFile(
        'Prometheus of the compose stack (data-eng add observability). Airflow metric names: docs/observability.md.',
        renderPrometheusConfig(settings.scrapeInterval, {
          statsd: `${S.statsd}:${OBSERVABILITY_PORTS.statsdMetrics}`,
          postgres: `${S.postgresExporter}:${OBSERVABILITY_PORTS.postgresExporter}`,
        }),
      ),
    },
    {
      path: OBSERVABILITY_FILES.rules,
      content: yamlFile(
        "Alert rules; each one's runbook is in docs/observability.md.",
        renderRuleGroups(thresholds),
      ),
    },
    ...DASHBOARDS.map((dashboard) => ({
      path: `${OBSERVABILITY_FILES.dashboards}/${dashboard.uid}.json`,
      content: `${JSON.stringify(renderDashboard(dashboard), null, 2)}\n`,
    })),
    {
      path: OBSERVABILITY_FILES.docs,
      content: renderTemplate(import.meta.url, 'observability.md.ejs', {
        settings,
        metrics: AIRFLOW_METRICS,
        rules: alertRules(thresholds),
        dashboards: DASHBOARDS,
        statsdPort: STATSD_PORT,
        files: OBSERVABILITY_FILES,
        retention: PROMETHEUS_RETENTION,
        rulesInContainer: `${RULES_DIR}/${OBSERVABILITY_FILES.rules.split('/').pop()!}`,
        // The rule's description as the docs show it: its template parts as placeholders.
        readable: (text: string) =>
          text.replace(/\{\{ \$value \}\}/g, 'N').replace(/\{\{ \$labels\.(\w+) \}\}/g, '<$1>'),
      }),
    },
  ];
  if (settings.grafana) {
    files.push(
      {
        path: `${OBSERVABILITY_FILES.provisioning}/datasources/prometheus.yaml`,
        content: yamlFile("Grafana's data source: the stack's Prometheus.", {
          apiVersion: 1,
          datasources: [
            {
              name: 'Prometheus',
              uid: GRAFANA_DATASOURCE_UID,
              type: 'prometheus',
              access: 'proxy',
              url: `http://${S.prometheus}:${OBSERVABILITY_PORTS.prometheus}`,
              isDefault: true,
              editable: false,
            },
          ],
        }),
      },
      {
        path: `${OBSERVABILITY_FILES.provisioning}/dashboards/data-eng.yaml`,
        content: yamlFile('Grafana loads the dashboards of docker/observability/grafana/dashboards.', {
          apiVersion: 1,
          providers: [
            {
              name: 'data-eng',
              type: 'file',
              disableDeletion: true,
              options: { path: GRAFANA_DASHBOARDS_DIR },
            },
          ],
        }),
      },
    );
  }
  return files;
}
