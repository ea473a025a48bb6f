import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
// Generated models of the External Secrets Operator's CRDs (external-secrets.io/v1), with the CRDs' own schemas:
// https://github.com/tommy351/kubernetes-models-ts/tree/master/third-party/external-secrets, version 2.0.0.
import { ExternalSecret } from '@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret';
import { SecretStore } from '@kubernetes-models/external-secrets/external-secrets.io/v1/SecretStore';
import { renderPlugin } from '../../cli/testing.js';
import { chartSchemaErrors, helmMerge } from '../../__tests__/helpers/helm-chart.js';
import kubernetes, { environmentValuesFile, VALUES_FILE } from './index.js';
import { externalSecretsFile, secretsDoc } from './secret-sources.js';

const WINDOWS_AUTH = {
  domain: 'corp.example.com',
  realm: 'CORP.EXAMPLE.COM',
  dcUrls: ['ldaps://dc1.corp.example.com'],
  caFile: 'certs/ad-ca.pem',
  bindUser: 'svc-airflow@corp.example.com',
  userSearchBase: 'OU=Staff,DC=corp,DC=example,DC=com',
  roleMapping: ['Admin=CN=Airflow Admins,OU=Groups,DC=corp,DC=example,DC=com'],
  kerberos: 'keytab',
  kdcs: ['dc1.corp.example.com'],
  keytabPrincipal: 'svc-airflow@CORP.EXAMPLE.COM',
};

const ENVIRONMENTS = {
  dev: { target: 'compose' },
  test: { target: 'kubernetes' },
  staging: {
    target: 'kubernetes',
    replicas: 2,
    secretsSource: 'hashicorp-vault',
    secretsStore: 'https://vault.corp.example.com:8200',
    secretsBackend: 'hashicorp-vault',
  },
  prod: {
    target: 'kubernetes',
    replicas: 3,
    resources: 'large',
    imageTag: 'v1.4.2',
    registry: 'registry.corp.example.com/data',
    secretsSource: 'azure-key-vault',
    secretsStore: 'https://corp-airflow-prod.vault.azure.net',
    secretsBackend: 'azure-key-vault',
  },
  dr: {
    target: 'kubernetes',
    executor: 'KubernetesExecutor',
    secretsSource: 'aws-secrets-manager',
    secretsStore: 'eu-west-1',
    secretsBackend: 'aws-secrets-manager',
  },
};

async function render(executor = 'CeleryExecutor', windowsAuth = true) {
  return renderPlugin(kubernetes, {
    project: { name: 'helm-demo' },
    with: ['postgres', 'airflow', ...(windowsAuth ? ['windows-auth'] : [])],
    componentAnswers: { airflow: { executor }, ...(windowsAuth ? { 'windows-auth': WINDOWS_AUTH } : {}) },
    answers: { logs: 'persistence' },
    environments: ENVIRONMENTS,
  });
}

const isMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const valuesOf = (files: Readonly<Record<string, string>>, environment: string) =>
  helmMerge(
    parse(files[VALUES_FILE]!) as Record<string, unknown>,
    parse(files[environmentValuesFile(environment)]!) as Record<string, unknown>,
  );

/** Every Kubernetes Secret or ConfigMap the values refer to by name. */
function referencedNames(values: unknown, project: string): Set<string> {
  const names = new Set<string>();
  const walk = (node: unknown, key = ''): void => {
    if (Array.isArray(node)) return node.forEach((item) => walk(item));
    if (!isMap(node)) {
      if (typeof node === 'string' && (/SecretName$/.test(key) || key === 'existingSecret')) names.add(node);
      return;
    }
    if (key === 'secretKeyRef' || key === 'configMap') names.add(String(node.name));
    for (const [child, value] of Object.entries(node)) walk(value, child);
  };
  walk(values);
  // The chart mounts the keytab from a Secret it names after the release (the project, in the install line).
  if (isMap(values) && isMap(values.kerberos) && values.kerberos.enabled)
    names.add(`${project}-kerberos-keytab`);
  return names;
}

describe('orchestrator-kubernetes: one values overlay per kubernetes environment', () => {
  it("every environment's values, base plus overlay, validate against the chart's schema", async () => {
    const { files } = await render();
    for (const environment of ['test', 'staging', 'prod', 'dr']) {
      const values = valuesOf(files, environment);
      expect(chartSchemaErrors(values), environment).toEqual([]);
      expect(values.env).toEqual([{ name: 'APP_ENV', value: environment }]);
    }
    expect(files[environmentValuesFile('dev')]).toBeUndefined();
  });

  it('an overlay holds the declared differences and nothing else', async () => {
    const { files } = await render();
    expect(parse(files[environmentValuesFile('test')]!)).toEqual({
      env: [{ name: 'APP_ENV', value: 'test' }],
    });
    const staging = parse(files[environmentValuesFile('staging')]!) as Record<
      string,
      Record<string, unknown>
    >;
    expect(Object.keys(staging).sort()).toEqual([
      'apiServer',
      'config',
      'env',
      'pgbouncer',
      'scheduler',
      'triggerer',
      'workers',
    ]);
    expect(Object.keys(staging.config!)).toEqual(['secrets']);
    for (const component of ['apiServer', 'scheduler', 'triggerer', 'workers'])
      expect(staging[component]!.replicas).toBe(2);
    expect(staging.workers).toEqual({ replicas: 2 });
    const prod = valuesOf(files, 'prod') as Record<string, any>;
    expect(prod.images.airflow).toMatchObject({
      repository: 'registry.corp.example.com/data/helm-demo-airflow',
      tag: 'v1.4.2',
    });
    expect(prod.scheduler.resources).toEqual({
      requests: { cpu: '1', memory: '4Gi' },
      limits: { memory: '4Gi' },
    });
    const dr = valuesOf(files, 'dr') as Record<string, any>;
    expect(dr.executor).toBe('KubernetesExecutor');
    expect(dr.redis).toEqual({ enabled: false });
    expect(dr.data.resultBackendSecretName).toBeUndefined();
  });

  it("high availability: disruption budgets, spread pods and PgBouncer sized so the connections fit PostgreSQL's limit", async () => {
    const { files } = await render();
    const prod = valuesOf(files, 'prod') as Record<string, any>;
    expect(prod.scheduler.podDisruptionBudget).toEqual({ enabled: true, config: { maxUnavailable: 1 } });
    expect(prod.apiServer.podDisruptionBudget.enabled).toBe(true);
    expect(
      prod.scheduler.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0]
        .podAffinityTerm,
    ).toEqual({
      topologyKey: 'kubernetes.io/hostname',
      labelSelector: { matchLabels: { component: 'scheduler' } },
    });
    // This test's own count: 3 schedulers, 3 API servers (one worker each), 3 triggerers and a DAG processor, each
    // with the pool the values state; PostgreSQL's default max_connections, less its superuser reserve.
    const pool =
      Number(prod.config.database.sql_alchemy_pool_size) +
      Number(prod.config.database.sql_alchemy_max_overflow);
    const processes = 3 * (1 + Number(prod.config.api.workers) + 1) + 1;
    expect(prod.pgbouncer.enabled).toBe(true);
    expect(prod.pgbouncer.maxClientConn).toBeGreaterThanOrEqual(processes * pool);
    expect(prod.pgbouncer.metadataPoolSize + prod.pgbouncer.resultBackendPoolSize).toBeLessThanOrEqual(
      100 - 3,
    );
    // One replica: no budget to share, no PgBouncer, no disruption budget.
    const test = valuesOf(files, 'test') as Record<string, any>;
    expect(test.pgbouncer).toBeUndefined();
    expect(test.scheduler?.podDisruptionBudget).toBeUndefined();
  });

  it('every ExternalSecret and SecretStore validates against the operator CRD schemas', async () => {
    const { files } = await render();
    for (const environment of ['staging', 'prod', 'dr']) {
      const manifests = parseAllDocuments(files[externalSecretsFile(environment)]!).map(
        (doc) => doc.toJS() as Record<string, any>,
      );
      expect(manifests.filter((m) => m.kind === 'SecretStore')).toHaveLength(1);
      for (const manifest of manifests) {
        const Model = manifest.kind === 'SecretStore' ? SecretStore : ExternalSecret;
        expect(
          () => new Model(manifest as never).validate(),
          `${environment} ${manifest.metadata.name}`,
        ).not.toThrow();
      }
    }
    expect(files[externalSecretsFile('test')]).toBeUndefined();
  });

  it('the CRD check can fail: a store without its vault URL is refused', () => {
    expect(() =>
      new SecretStore({
        metadata: { name: 'x' },
        spec: { provider: { azurekv: { authType: 'WorkloadIdentity' } } },
      } as never).validate(),
    ).toThrow(/vaultUrl/);
  });

  for (const [executor, windowsAuth] of [
    ['CeleryExecutor', true],
    ['LocalExecutor', false],
  ] as const)
    it(`every Secret the values name is made by the environment's source (${executor}, windows-auth ${windowsAuth})`, async () => {
      const { files } = await render(executor, windowsAuth);
      const manual = files[secretsDoc('manual')]!;
      for (const environment of ['test', 'staging', 'prod', 'dr']) {
        const wanted = referencedNames(valuesOf(files, environment), 'helm-demo');
        expect(wanted.size).toBeGreaterThan(3);
        const made = new Set<string>();
        const stream = files[externalSecretsFile(environment)];
        const declared = ENVIRONMENTS[environment as keyof typeof ENVIRONMENTS] as { secretsSource?: string };
        const doc = environment === 'test' ? manual : files[secretsDoc(declared.secretsSource as never)]!;
        // The page's section for this environment: its kubectl lines (all of manual's, the ConfigMap of a vault's).
        const section = doc.split(/^## /m).find((part) => part.startsWith(`${environment}\n`))!;
        for (const match of section.matchAll(/create (?:secret generic|configmap) (\S+)/g))
          made.add(match[1]!);
        if (stream)
          for (const item of parseAllDocuments(stream).map((d) => d.toJS() as Record<string, any>))
            if (item.kind === 'ExternalSecret') made.add(item.spec.target.name);
        expect(
          [...wanted].filter((name) => !made.has(name)),
          environment,
        ).toEqual([]);
      }
    });

  it('a page per secrets source in use, naming what to create in the vault and the access the cluster needs', async () => {
    const { files } = await render();
    expect(files[secretsDoc('azure-key-vault')]).toContain('Key Vault Secrets User');
    expect(files[secretsDoc('hashicorp-vault')]).toContain('path "secret/data/helm-demo/staging/*"');
    expect(files[secretsDoc('aws-secrets-manager')]).toContain('secretsmanager:GetSecretValue');
    expect(files[secretsDoc('manual')]).toContain(
      'kubectl -n helm-demo-test create secret generic helm-demo-fernet-key --from-literal=fernet-key=<value>',
    );
  });

  it("a vault environment reads Airflow's connections through that vault's secrets backend; the others keep the database", async () => {
    const { files, compose } = await render();
    const staging = valuesOf(files, 'staging') as Record<string, any>;
    expect(staging.config.secrets.backend).toBe('airflow.providers.hashicorp.secrets.vault.VaultBackend');
    expect(JSON.parse(staging.config.secrets.backend_kwargs)).toEqual({
      connections_path: 'helm-demo/staging/connections',
      variables_path: 'helm-demo/staging/variables',
      mount_point: 'secret',
      url: 'https://vault.corp.example.com:8200',
      auth_type: 'kubernetes',
      kubernetes_role: 'helm-demo-staging',
    });
    const prod = valuesOf(files, 'prod') as Record<string, any>;
    expect(JSON.parse(prod.config.secrets.backend_kwargs)).toMatchObject({
      vault_url: 'https://corp-airflow-prod.vault.azure.net',
    });
    expect((valuesOf(files, 'test') as Record<string, any>).config.secrets).toBeUndefined();
    expect(compose.services['airflow-scheduler']!.environment).not.toHaveProperty(
      'AIRFLOW__SECRETS__BACKEND',
    );
    expect(files[secretsDoc('hashicorp-vault')]).toContain(
      '`secret/helm-demo/staging/connections/<conn id>`',
    );
  });

  it("the image gets each backend's provider, at the version Airflow's constraints pin", async () => {
    const { files } = await render();
    const constraints = readFileSync(
      fileURLToPath(new URL('../../scripts/images/airflow-standin/constraints.txt', import.meta.url)),
      'utf8',
    );
    const requirements = files['requirements.txt']!.split('\n').filter(
      (line) => line && !line.startsWith('#'),
    );
    for (const provider of [
      'apache-airflow-providers-hashicorp',
      'apache-airflow-providers-microsoft-azure',
      'apache-airflow-providers-amazon',
    ]) {
      expect(requirements).toContain(provider);
      expect(constraints).toMatch(new RegExp(`^${provider}==\\d+\\.\\d+\\.\\d+$`, 'm'));
    }
    expect(files['requirements.txt']).toContain(
      '# the secrets backend of staging\napache-airflow-providers-hashicorp',
    );
  });

  it('an environment that loads another configuration layer sets APP_ENV to it and gets no layer of its own', async () => {
    const { files } = await renderPlugin(kubernetes, {
      project: { name: 'helm-demo' },
      with: ['postgres', 'airflow'],
      environments: { dev: { target: 'compose' }, uat: { configLayer: 'prod' } },
    });
    expect(valuesOf(files, 'uat').env).toEqual([{ name: 'APP_ENV', value: 'prod' }]);
    expect(files['conf/env/uat.yaml']).toBeUndefined();
    expect(files['conf/env/prod.yaml']).toBeDefined();
  });

  it('no secret value of .env reaches any rendered file', async () => {
    const { files, env } = await render();
    const values = Object.entries(env)
      .filter(([name]) => /PASSWORD|SECRET|KEY/.test(name))
      .map(([, value]) => value)
      .filter((value) => value.length >= 8);
    expect(values.length).toBeGreaterThan(2);
    for (const [path, text] of Object.entries(files))
      for (const value of values) expect(text.includes(value), path).toBe(false);
  });
});
