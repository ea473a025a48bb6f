import type { Environment, SecretsSource } from '../../lib/plugins/public-api.js';
import { secretsDocPath } from '../../lib/plugins/public-api.js';
import type { SecretReference } from './secret-names.js';
import { describeSecret, secretKeys } from './secret-names.js';

/** The External Secrets Operator's API the manifests are written for (ESO 0.17 and later). */
export const EXTERNAL_SECRETS_API = 'external-secrets.io/v1';

/** How often the operator reads the vault again: a rotated value reaches the Secret within this. */
export const REFRESH_INTERVAL = '1h';

/** Where a source's page and an environment's manifests go. */
export const secretsDoc = secretsDocPath;
export const externalSecretsFile = (environment: string): string =>
  `deploy/helm/external-secrets-${environment}.yaml`;

/** The service account the operator signs in to the vault as, one per project namespace. */
export const storeServiceAccount = (project: string): string => `${project}-external-secrets`;

/**
 * The namespace an environment is installed in: its own, <project>-<env>, so two environments in one cluster keep
 * apart (their Secrets have the same names); values.yaml alone installs in <project>.
 */
export const namespaceOf = (project: string, environment?: { readonly name: string }): string =>
  environment ? `${project}-${environment.name}` : project;
const storeName = (project: string, environment: string): string => `${project}-${environment}`;

/** Where one key of a Secret is kept in the vault: Key Vault has flat names, Vault and AWS paths with a property. */
export function remoteRef(
  source: Exclude<SecretsSource, 'manual'>,
  project: string,
  environment: string,
  ref: SecretReference,
  key: string,
): { key: string; property?: string } {
  if (source === 'azure-key-vault')
    return { key: secretKeys(ref).length > 1 ? `${ref.name}-${key.replaceAll('.', '-')}` : ref.name };
  return { key: `${project}/${environment}/${ref.name}`, property: key };
}

function provider(source: Exclude<SecretsSource, 'manual'>, project: string, environment: Environment) {
  const serviceAccountRef = { name: storeServiceAccount(project) };
  switch (source) {
    case 'azure-key-vault':
      return {
        azurekv: { vaultUrl: environment.secretsStore, authType: 'WorkloadIdentity', serviceAccountRef },
      };
    case 'hashicorp-vault':
      return {
        vault: {
          server: environment.secretsStore.replace(/\/$/, ''),
          path: 'secret',
          version: 'v2',
          auth: {
            kubernetes: {
              mountPath: 'kubernetes',
              role: `${project}-${environment.name}`,
              serviceAccountRef,
            },
          },
        },
      };
    case 'aws-secrets-manager':
      return {
        aws: {
          service: 'SecretsManager',
          region: environment.secretsStore,
          auth: { jwt: { serviceAccountRef } },
        },
      };
  }
}

/**
 * The operator's manifests for one environment: a SecretStore for its vault, and an ExternalSecret per Secret the
 * values refer to, each making the Secret of that name with the keys the chart reads. ConfigMaps are not secret
 * and are created by hand.
 */
export function externalSecretManifests(
  project: string,
  environment: Environment,
  secrets: readonly SecretReference[],
): Record<string, unknown>[] {
  const source = environment.secretsSource;
  if (source === 'manual') return [];
  const store = storeName(project, environment.name);
  return [
    {
      apiVersion: EXTERNAL_SECRETS_API,
      kind: 'SecretStore',
      metadata: { name: store },
      spec: { provider: provider(source, project, environment) },
    },
    ...secrets
      .filter((ref) => !ref.configMap)
      .map((ref) => ({
        apiVersion: EXTERNAL_SECRETS_API,
        kind: 'ExternalSecret',
        metadata: { name: ref.name },
        spec: {
          refreshInterval: REFRESH_INTERVAL,
          secretStoreRef: { name: store, kind: 'SecretStore' },
          target: { name: ref.name, creationPolicy: 'Owner' },
          data: secretKeys(ref).map((key) => ({
            secretKey: key,
            remoteRef: {
              ...remoteRef(source, project, environment.name, ref, key),
              ...(ref.binary ? { decodingStrategy: 'Base64' } : {}),
            },
          })),
        },
      })),
  ];
}

/** The line that makes one Secret (or ConfigMap) by hand, with placeholders for what only the team knows. */
export function kubectlLine(ref: SecretReference, namespace: string): string {
  if (ref.configMap)
    return `kubectl -n ${namespace} create configmap ${ref.name} --from-file=${ref.key}=<CA file>`;
  const values = secretKeys(ref).map((key) =>
    ref.binary ? `--from-file=${key}=<file>` : `--from-literal=${key}=<value>`,
  );
  return `kubectl -n ${namespace} create secret generic ${ref.name} ${values.join(' ')}`;
}

/** What each source needs from the team once: the vault's items, and the permission the cluster signs in with. */
const ACCESS: Record<Exclude<SecretsSource, 'manual'>, (project: string, env: Environment) => string[]> = {
  'azure-key-vault': (project, env) => [
    `1. In the Key Vault ${env.secretsStore}, create each secret below (Key Vault secret names allow letters, digits and hyphens).`,
    `2. Give a managed identity the role "Key Vault Secrets User" on that vault, and a federated credential for the service account system:serviceaccount:${namespaceOf(project, env)}:${storeServiceAccount(project)} (workload identity).`,
    `3. kubectl -n ${namespaceOf(project, env)} create serviceaccount ${storeServiceAccount(project)}, then annotate it with azure.workload.identity/client-id=<the identity's client id> and azure.workload.identity/tenant-id=<your tenant id>.`,
  ],
  'hashicorp-vault': (project, env) => [
    `1. On ${env.secretsStore}, with the KV version 2 engine at secret/, write each secret below: vault kv put secret/<path> <property>=<value>.`,
    `2. A policy that reads them: path "secret/data/${project}/${env.name}/*" { capabilities = ["read"] }.`,
    `3. A Kubernetes auth role ${project}-${env.name} at auth/kubernetes bound to the service account ${storeServiceAccount(project)} in the namespace ${namespaceOf(project, env)}, with that policy; then kubectl -n ${namespaceOf(project, env)} create serviceaccount ${storeServiceAccount(project)}.`,
  ],
  'aws-secrets-manager': (project, env) => [
    `1. In Secrets Manager (${env.secretsStore}), create each secret below as a JSON object of its properties.`,
    `2. An IAM role allowed secretsmanager:GetSecretValue and secretsmanager:DescribeSecret on arn:aws:secretsmanager:${env.secretsStore}:<account>:secret:${project}/${env.name}/*, trusted for the service account ${storeServiceAccount(project)} in the namespace ${namespaceOf(project, env)} (IAM roles for service accounts, IRSA).`,
    `3. kubectl -n ${namespaceOf(project, env)} create serviceaccount ${storeServiceAccount(project)}, then annotate it with eks.amazonaws.com/role-arn=<the role's ARN>.`,
  ],
};

/** Where Airflow's secrets backend looks a connection up, as the page tells the team to store it. */
const BACKEND_ITEMS: Record<Exclude<SecretsSource, 'manual'>, (project: string, env: string) => string> = {
  'azure-key-vault': () => 'the Key Vault secret `airflow-connections-<conn id>` (a connection URI or JSON)',
  'hashicorp-vault': (project, env) =>
    `\`secret/${project}/${env}/connections/<conn id>\` (vault kv put with the connection's fields)`,
  'aws-secrets-manager': (project, env) =>
    `the secret \`${project}/${env}/connections/<conn id>\` (a connection URI or JSON)`,
};

const TITLES: Record<SecretsSource, string> = {
  manual: 'Kubernetes Secrets created by hand',
  'azure-key-vault': 'Kubernetes Secrets from Azure Key Vault',
  'hashicorp-vault': 'Kubernetes Secrets from HashiCorp Vault',
  'aws-secrets-manager': 'Kubernetes Secrets from AWS Secrets Manager',
};

/**
 * The page for one secrets source, for every environment that uses it: what to create where, and the permission
 * the cluster needs. Names only, never a value.
 */
export function secretsSourcePage(
  project: string,
  source: SecretsSource,
  environments: readonly { environment: Environment; secrets: readonly SecretReference[] }[],
): string {
  const lines = [`# ${TITLES[source]}`, ''];
  lines.push(
    source === 'manual'
      ? 'The chart reads every secret from a Kubernetes Secret of a fixed name. Create them in the namespace before the first `helm upgrade --install`; a value you change later is read when the pods restart.'
      : `The External Secrets Operator (ESO 0.17 or later, ${EXTERNAL_SECRETS_API}) reads each secret from the vault and keeps a Kubernetes Secret of the name the chart reads, refreshed every ${REFRESH_INTERVAL}. Install the operator once per cluster: helm repo add external-secrets https://charts.external-secrets.io, then helm install external-secrets external-secrets/external-secrets -n external-secrets --create-namespace.`,
    '',
  );
  for (const { environment, secrets } of environments) {
    lines.push(`## ${environment.name}`, '');
    if (source === 'manual') {
      lines.push(
        '```sh',
        ...secrets.map((ref) => kubectlLine(ref, namespaceOf(project, environment))),
        '```',
        '',
      );
      lines.push('| Secret | Holds |', '| --- | --- |');
      for (const ref of secrets) lines.push(`| \`${ref.name}\` | ${describeSecret(ref)} |`);
      lines.push('');
      continue;
    }
    lines.push(...ACCESS[source](project, environment), '');
    lines.push(
      `Then apply the manifests: kubectl -n ${namespaceOf(project, environment)} apply -f ${externalSecretsFile(environment.name)}`,
      '',
    );
    lines.push('| Vault item | Property | Kubernetes Secret / key | Holds |', '| --- | --- | --- | --- |');
    for (const ref of secrets) {
      if (ref.configMap) continue;
      for (const key of secretKeys(ref)) {
        const remote = remoteRef(source, project, environment.name, ref, key);
        lines.push(
          `| \`${remote.key}\` | ${remote.property ? `\`${remote.property}\`` : '(the value)'} | \`${ref.name}\` / \`${key}\` | ${describeSecret(ref)}${ref.binary ? ', base64-encoded' : ''} |`,
        );
      }
    }
    if (environment.secretsBackend !== 'none')
      lines.push(
        '',
        `With --secrets-backend ${source}, Airflow reads its connections and variables from the same vault (its secrets backend, \`[secrets] backend\` in the values): a connection ID is looked up as ${BACKEND_ITEMS[source](project, environment.name)}. The Airflow pods read the vault themselves: give the service accounts the chart makes for them (kubectl -n ${namespaceOf(project, environment)} get serviceaccounts) the same access first, or Airflow finds no connection there.`,
      );
    const maps = secrets.filter((ref) => ref.configMap);
    if (maps.length > 0)
      lines.push(
        '',
        'Not secret, so created by hand:',
        '```sh',
        ...maps.map((ref) => kubectlLine(ref, namespaceOf(project, environment))),
        '```',
      );
    lines.push('');
  }
  return lines.join('\n');
}
