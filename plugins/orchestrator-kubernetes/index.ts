import { Document } from 'yaml';
import type {
  ContributeContext,
  Environment,
  FileContribution,
  SecretsSource,
  Stack,
} from '../../lib/plugins/public-api.js';
import { definePlugin, valuesOverlay } from '../../lib/plugins/public-api.js';
import { monitoringFile, monitoringManifests, observabilityOf } from './monitoring.js';
import { KUBERNETES_OPTIONS } from './options.js';
import { renderValues } from './render-values.js';
import type { SecretReference } from './secret-names.js';
import { describeSecret, secretKeys } from './secret-names.js';
import {
  externalSecretManifests,
  externalSecretsFile,
  kubectlLine,
  namespaceOf,
  secretsDoc,
  secretsSourcePage,
} from './secret-sources.js';

export const VALUES_FILE = 'deploy/helm/values.yaml';
export const environmentValuesFile = (environment: string): string =>
  `deploy/helm/values-${environment}.yaml`;

const yamlText = (value: unknown, comment?: string): string => {
  const doc = new Document(value, { aliasDuplicateObjects: false });
  if (comment) doc.commentBefore = comment;
  return doc.toString({ lineWidth: 0 });
};

/** One kubernetes environment, rendered in full from its own Stack: what its overlay and secrets are made of. */
export interface EnvironmentRendering {
  readonly environment: Environment;
  readonly values: Record<string, unknown>;
  readonly notes: readonly string[];
  readonly secrets: readonly SecretReference[];
}

/** Every kubernetes environment's full values, each from its own Stack and overrides. */
export function environmentRenderings(context: ContributeContext): EnvironmentRendering[] {
  return context.environments
    .filter((environment) => environment.target === 'kubernetes')
    .map((environment) => ({
      environment,
      ...renderValues(context.stackOf(environment.name), context, environment),
    }));
}

/**
 * values.yaml for the official Apache Airflow Helm chart, for teams that outgrow one machine: the same project
 * as the compose stack, with Secrets referred to by name and created in the cluster, never written here. Each
 * kubernetes environment gets an overlay, values-<env>.yaml, with only what differs from values.yaml, and the
 * source of its Secrets: kubectl lines, or the External Secrets Operator's manifests for its vault.
 */
export default definePlugin({
  name: 'orchestrator-kubernetes',
  apiVersion: 1,
  description: 'values.yaml for the official Apache Airflow Helm chart, rendered from the project.',
  requires: ['airflow'],
  options: KUBERNETES_OPTIONS,
  files(stack, context) {
    return [
      baseValues(stack, context),
      ...environmentFiles(stack, context),
      ...monitoringFiles(stack, context),
    ];
  },
  environmentSecrets(stack, context) {
    const { environment } = context;
    if (environment.target !== 'kubernetes') return [];
    return renderValues(stack, context, environment).secrets.map((ref) => ({
      name: ref.name,
      keys: secretKeys(ref),
      source: ref.configMap ? 'manual' : environment.secretsSource,
      holds: ref.configMap ? `${ref.holds}, not secret` : ref.holds,
      ...(ref.sameAs ? { sameAs: ref.sameAs } : {}),
    }));
  },
});

/** With the observability part: a ServiceMonitor and the alert rules per install, for the Prometheus Operator. */
function monitoringFiles(stack: Stack, context: ContributeContext): FileContribution[] {
  const settings = observabilityOf(context);
  if (!settings) return [];
  const project = stack.project.name;
  const installs = [
    undefined,
    ...context.environments.filter((environment) => environment.target === 'kubernetes'),
  ];
  return installs.map((environment) => ({
    path: monitoringFile(environment?.name),
    ...(environment ? { environment: environment.name } : {}),
    content: monitoringManifests(project, settings, environment)
      .map((manifest, index) =>
        yamlText(
          manifest,
          index === 0
            ? ` Prometheus Operator manifests for the ${environment ? `${environment.name} environment` : 'install of values.yaml'}: scrape the chart's StatsD exporter and load the Airflow alert rules (docs/observability.md has each one's runbook; the PostgreSQL ones need an exporter of your database, which the chart does not run).\n Apply: kubectl apply -f ${monitoringFile(environment?.name)}; your Prometheus must select them (its serviceMonitorSelector and ruleSelector).`
            : undefined,
        ),
      )
      .join('---\n'),
  }));
}

function baseValues(stack: Stack, context: ContributeContext): FileContribution {
  const { values, notes, secrets } = renderValues(stack, context);
  const project = stack.project.name;
  const comment = [
    ` Values for the official Apache Airflow Helm chart (https://airflow.apache.org/docs/helm-chart/).`,
    ` Install: helm upgrade --install ${project} apache-airflow/airflow -n ${project} -f ${VALUES_FILE}`,
    ...notes.map((line) => ` ${line}`),
    ' Secrets are referred to by name; create them in the namespace first:',
    ...secrets.map((s) => `   ${kubectlLine(s, project)}   # ${describeSecret(s)}`),
  ].join('\n');
  return { path: VALUES_FILE, content: yamlText(values, comment) };
}

function environmentFiles(stack: Stack, context: ContributeContext): FileContribution[] {
  const project = stack.project.name;
  const base = renderValues(stack, context);
  const renderings = environmentRenderings(context);
  const files: FileContribution[] = [];
  for (const { environment, values, notes, secrets } of renderings) {
    const source = environment.secretsSource;
    const comment = [
      ` The ${environment.name} environment: only what differs from values.yaml (a null removes a key).`,
      ` Install: helm upgrade --install ${project} apache-airflow/airflow -n ${namespaceOf(project, environment)} --create-namespace -f ${VALUES_FILE} -f ${environmentValuesFile(environment.name)}`,
      // What the environment changes; values.yaml says the rest.
      ...notes.filter((line) => !base.notes.includes(line)).map((line) => ` ${line}`),
      source === 'manual'
        ? ` Secrets: create them by hand first, see ${secretsDoc(source)}.`
        : ` Secrets: from ${source} through the External Secrets Operator; apply ${externalSecretsFile(environment.name)} first, see ${secretsDoc(source)}.`,
    ].join('\n');
    files.push({
      path: environmentValuesFile(environment.name),
      content: yamlText(valuesOverlay(base.values, values), comment),
      environment: environment.name,
      overlayOf: VALUES_FILE,
    });
    const manifests = externalSecretManifests(project, environment, secrets);
    if (manifests.length > 0)
      files.push({
        path: externalSecretsFile(environment.name),
        environment: environment.name,
        content: manifests
          .map((manifest, index) =>
            yamlText(
              manifest,
              index === 0
                ? ` External Secrets Operator manifests of the ${environment.name} environment (${source}), see ${secretsDoc(source)}.`
                : undefined,
            ),
          )
          .join('---\n'),
      });
  }
  const sources = [...new Set(renderings.map((r) => r.environment.secretsSource))] as SecretsSource[];
  for (const source of sources)
    files.push({
      path: secretsDoc(source),
      content: secretsSourcePage(
        project,
        source,
        renderings.filter((r) => r.environment.secretsSource === source),
      ),
    });
  return files;
}
