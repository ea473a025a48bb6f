import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Answers } from '../../lib/plugins/public-api.js';
import kubernetes, { VALUES_FILE } from './index.js';
import { KUBERNETES_OPTIONS } from './options.js';
import { validateAnswer } from '../../lib/config/validate-answer.js';
import { renderPlugin } from '../../cli/testing.js';
import { chartSchemaErrors } from '../../__tests__/helpers/helm-chart.js';

const WINDOWS_AUTH: Answers = {
  domain: 'corp.example.com',
  realm: 'CORP.EXAMPLE.COM',
  dcUrls: ['ldaps://dc1.corp.example.com', 'ldaps://dc2.corp.example.com:636'],
  caFile: 'certs/ad-ca.pem',
  bindUser: 'svc-airflow@corp.example.com',
  userSearchBase: 'OU=Staff,DC=corp,DC=example,DC=com',
  loginAttribute: 'sAMAccountName',
  roleMapping: [
    'Admin=CN=Airflow Admins,OU=Groups,DC=corp,DC=example,DC=com',
    'Op=CN=Data {{Ops}},OU=Groups,DC=corp,DC=example,DC=com',
    'Viewer=CN=Data {{Ops}},OU=Groups,DC=corp,DC=example,DC=com',
  ],
  defaultRole: 'none',
  nestedGroups: true,
  syncRolesAtLogin: true,
  kerberos: 'keytab',
  kdcs: ['dc1.corp.example.com'],
  keytabPrincipal: 'svc-airflow@CORP.EXAMPLE.COM',
};

/**
 * A project with postgres and airflow (the given executor), the plugin's answers and, optionally, windows-auth's,
 * rendered by the testing helpers plugin authors use (the CLI's model, renderers and answer validation).
 */
async function render(executor: string, extra: { k8s?: Answers; windowsAuth?: Answers } = {}) {
  const project = await renderPlugin(kubernetes, {
    project: { name: 'helm-demo' },
    with: ['postgres', 'airflow', ...(extra.windowsAuth ? ['windows-auth'] : [])],
    componentAnswers: {
      airflow: { executor },
      ...(extra.windowsAuth ? { 'windows-auth': extra.windowsAuth } : {}),
    },
    answers: { logs: 'persistence', ...extra.k8s },
  });
  const text = project.files[VALUES_FILE]!;
  return { stack: project.stack, text, values: parse(text) as Record<string, any> };
}

const schemaErrors = chartSchemaErrors;

describe('orchestrator-kubernetes values.yaml', () => {
  for (const [composeExecutor, expected] of [
    ['CeleryExecutor', 'CeleryExecutor'],
    ['LocalExecutor', 'KubernetesExecutor'],
  ] as const) {
    for (const withAuth of [false, true]) {
      it(`validates against the chart schema: ${composeExecutor} -> ${expected}, ${withAuth ? 'with' : 'without'} windows-auth`, async () => {
        const { values } = await render(composeExecutor, withAuth ? { windowsAuth: WINDOWS_AUTH } : {});
        expect(schemaErrors(values)).toEqual([]);
        expect(values.executor).toBe(expected);
        expect(values.redis.enabled).toBe(expected === 'CeleryExecutor');
        expect(Boolean(values.apiServer.apiServerConfig)).toBe(withAuth);
        expect(values.kerberos?.enabled ?? false).toBe(withAuth);
      });
    }
  }

  it('validates with remote task logs, for either executor', async () => {
    for (const executor of ['CeleryExecutor', 'LocalExecutor']) {
      const { values } = await render(executor, {
        k8s: { logs: 'remote', remoteLogFolder: 's3://bucket/airflow/logs' },
      });
      expect(schemaErrors(values)).toEqual([]);
      expect(values.config.logging).toMatchObject({
        remote_logging: 'True',
        remote_base_log_folder: 's3://bucket/airflow/logs',
        remote_log_conn_id: 'remote_logs',
      });
      expect(values.logs).toBeUndefined();
    }
  });

  it('refuses remote logs without a folder, and a folder that is not object storage', async () => {
    const folder = KUBERNETES_OPTIONS.find((spec) => spec.name === 'remoteLogFolder')!;
    expect(validateAnswer('orchestrator-kubernetes', folder, '', { logs: 'remote' })).toMatch(
      /remote logs need a folder: pass --k8s-remote-log-folder/,
    );
    expect(validateAnswer('orchestrator-kubernetes', folder, '/var/log', { logs: 'remote' })).toMatch(
      /use an object-storage URL/,
    );
    expect(validateAnswer('orchestrator-kubernetes', folder, '', { logs: 'persistence' })).toBeUndefined();
  });

  it('keeps KubernetesExecutor task logs on the chart volume when they are not remote', async () => {
    const { values, text } = await render('LocalExecutor');
    expect(values.logs).toEqual({ persistence: { enabled: true } });
    expect(text).toMatch(/^# Task logs: kept on the chart's logs volume, which needs a ReadWriteMany/m);
    // Celery workers keep their logs on the chart's worker volumes.
    expect((await render('CeleryExecutor')).values.logs).toBeUndefined();
  });

  it('on a local cluster (no registry) keeps finished task pods for their logs, since its storage is ReadWriteOnce', async () => {
    const logs = KUBERNETES_OPTIONS.find((spec) => spec.name === 'logs')!;
    expect((logs.default as (answers: Record<string, unknown>) => unknown)({ registry: '' })).toBe('pods');
    expect((logs.default as (answers: Record<string, unknown>) => unknown)({ registry: 'reg.corp/x' })).toBe(
      'persistence',
    );
    const { values, text } = await render('LocalExecutor', { k8s: { logs: 'pods' } });
    expect(schemaErrors(values)).toEqual([]);
    expect(values.logs).toBeUndefined();
    expect(values.config.kubernetes_executor).toEqual({ delete_worker_pods: 'False' });
    expect(text).toMatch(/^# Task logs: finished task pods are kept/m);
  });

  it('loads the production configuration layer in the cluster', async () => {
    const { values } = await render('CeleryExecutor');
    expect(values.env).toEqual([{ name: 'APP_ENV', value: 'prod' }]);
  });

  it('leaves the compose Celery broker and result backend to the chart', async () => {
    const { values, stack } = await render('CeleryExecutor');
    expect(stack.services['airflow-scheduler']!.environment.AIRFLOW__CELERY__BROKER_URL).toMatch(/@redis:/);
    expect(values.config.celery?.broker_url).toBeUndefined();
    expect(values.config.celery?.result_backend).toBeUndefined();
  });

  it("names the chart PostgreSQL's host in the metadata Secret's line", async () => {
    const { text } = await render('CeleryExecutor', { k8s: { database: 'chart' } });
    expect(text).toContain(
      'kubectl -n helm-demo create secret generic helm-demo-metadata --from-literal=connection=<value>   # the metadata database URL, postgresql://postgres:PASSWORD@helm-demo-postgresql.helm-demo:5432/postgres?sslmode=disable',
    );
    expect(text).toMatch(/helm-demo-broker-url .*redis:\/\/:PASSWORD@helm-demo-redis:6379\/0/);
  });

  it('validates with an explicit KubernetesExecutor and the chart PostgreSQL', async () => {
    const { values } = await render('CeleryExecutor', {
      k8s: { executor: 'KubernetesExecutor', database: 'chart' },
    });
    expect(schemaErrors(values)).toEqual([]);
    expect(values.executor).toBe('KubernetesExecutor');
    expect(values.postgresql).toEqual({ enabled: true, auth: { existingSecret: 'helm-demo-postgresql' } });
  });

  it('the schema catches a wrong value (the check can fail)', async () => {
    const { values } = await render('CeleryExecutor');
    expect(schemaErrors({ ...values, executor: 'celery' })).not.toEqual([]);
  });

  it('says why LocalExecutor becomes KubernetesExecutor', async () => {
    const { text } = await render('LocalExecutor');
    expect(text).toMatch(
      /^# .*runs LocalExecutor; in the cluster each task gets its own pod \(KubernetesExecutor\)/m,
    );
  });

  it('refers to Secrets by name and never holds a secret value', async () => {
    const { values, text } = await render('CeleryExecutor', { windowsAuth: WINDOWS_AUTH });
    expect(values.fernetKeySecretName).toBe('helm-demo-fernet-key');
    expect(values.jwtSecretName).toBe('helm-demo-jwt-secret');
    expect(values.apiSecretKeySecretName).toBe('helm-demo-api-secret-key');
    expect(values.data).toEqual({
      metadataSecretName: 'helm-demo-metadata',
      resultBackendSecretName: 'helm-demo-result-backend',
      brokerUrlSecretName: 'helm-demo-broker-url',
    });
    expect(values.redis.passwordSecretName).toBe('helm-demo-redis-password');
    expect(values.secret).toEqual([
      { envName: 'AD_BIND_PASSWORD', secretName: 'helm-demo-ldap-bind', secretKey: 'password' },
    ]);
    for (const key of ['fernetKey', 'jwtSecret', 'apiSecretKey', 'webserverSecretKey'])
      expect(values[key]).toBeUndefined();
    expect(values.data.metadataConnection).toBeUndefined();
    expect(values.postgresql).toEqual({ enabled: false });
    expect(text).not.toMatch(/password:\s*\S/i);
  });

  it('creates the admin user with the password from a Secret when there is no AD login', async () => {
    const { values } = await render('LocalExecutor');
    expect(values.createUserJob.env).toEqual([
      {
        name: 'ADMIN_PASSWORD',
        valueFrom: { secretKeyRef: { name: 'helm-demo-admin-password', key: 'password' } },
      },
    ]);
    expect(values.createUserJob.args).toContain('$(ADMIN_PASSWORD)');
    expect(values.apiServer.defaultUser.enabled).toBe(true);
    expect(
      (await render('LocalExecutor', { windowsAuth: WINDOWS_AUTH })).values.apiServer.defaultUser.enabled,
    ).toBe(false);
  });

  it('takes the image from the project build, the registry and the tag answers', async () => {
    // No registry: the image is loaded into a local cluster, which Always would bypass for Docker Hub.
    const local = await render('CeleryExecutor');
    expect(local.values.images.airflow).toEqual({
      repository: 'helm-demo-airflow',
      tag: 'runtime',
      pullPolicy: 'IfNotPresent',
    });
    expect(local.text).toMatch(
      /^# Image: .*kind load docker-image helm-demo-airflow:runtime \(or minikube image load helm-demo-airflow:runtime\)/m,
    );
    expect(
      (await render('CeleryExecutor', { k8s: { registry: 'registry.corp.example.com/data' } })).values.images
        .airflow.pullPolicy,
    ).toBe('Always');
    const pinned = await render('CeleryExecutor', {
      k8s: { registry: 'registry.corp.example.com/data/', imageTag: 'runtime-0123456789ab' },
    });
    expect(pinned.values.images.airflow).toEqual({
      repository: 'registry.corp.example.com/data/helm-demo-airflow',
      tag: 'runtime-0123456789ab',
      pullPolicy: 'IfNotPresent',
    });
    expect(pinned.values.airflowVersion).toBe('3.0.6');
  });

  it('carries the Stack airflow settings into airflow.cfg, leaving chart-managed ones out', async () => {
    const { values, stack } = await render('CeleryExecutor');
    const env = stack.services['airflow-scheduler']!.environment;
    expect(values.config.core).toMatchObject({
      load_examples: env.AIRFLOW__CORE__LOAD_EXAMPLES,
      dags_are_paused_at_creation: env.AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION,
    });
    expect(typeof values.config.core.load_examples).toBe('string');
    expect(values.config.core.auth_manager).toMatch(/FabAuthManager$/);
    expect(values.config.core.executor).toBeUndefined();
    // The chart sets the connection; the pool sizes the connection budget counts are stated.
    expect(values.config.database).toEqual({ sql_alchemy_pool_size: '5', sql_alchemy_max_overflow: '10' });
  });

  it('renders an AD login config that compiles with python3 and maps the groups', async () => {
    const { values } = await render('CeleryExecutor', { windowsAuth: WINDOWS_AUTH });
    const config: string = values.apiServer.apiServerConfig;
    // `tpl` in the chart would read {{ as a template action: it is escaped.
    expect(config).toContain('CN=Data {{ "{{" }}Ops}}');
    const python = config.replaceAll('{{ "{{" }}', '{{');
    const checked = execFileSync(
      '/usr/bin/python3',
      [
        '-c',
        'import ast,json,sys; tree=ast.parse(sys.stdin.read()); print(json.dumps({n.targets[0].id: ast.literal_eval(n.value) for n in tree.body if isinstance(n, ast.Assign) and isinstance(n.targets[0], ast.Name) and n.targets[0].id.startswith("AUTH_") and not isinstance(n.value, (ast.Call, ast.Name, ast.GeneratorExp))}))',
      ],
      { input: python, encoding: 'utf8' },
    );
    const settings = JSON.parse(checked) as Record<string, unknown>;
    expect(settings).toMatchObject({
      AUTH_LDAP_SERVER: 'ldaps://dc1.corp.example.com:636 ldaps://dc2.corp.example.com:636',
      AUTH_LDAP_USE_TLS: false,
      AUTH_LDAP_TLS_CACERTFILE: '/opt/data-eng/certs/ca.pem',
      AUTH_LDAP_SEARCH: 'OU=Staff,DC=corp,DC=example,DC=com',
      AUTH_LDAP_UID_FIELD: 'sAMAccountName',
      AUTH_ROLES_SYNC_AT_LOGIN: true,
      AUTH_USER_REGISTRATION_ROLE: 'Public',
      AUTH_ROLES_MAPPING: {
        'CN=Airflow Admins,OU=Groups,DC=corp,DC=example,DC=com': ['Admin'],
        'CN=Data {{Ops}},OU=Groups,DC=corp,DC=example,DC=com': ['Op', 'Viewer'],
      },
    });
    expect(python).toContain('SECURITY_MANAGER_CLASS = ActiveDirectorySecurityManager');
    expect(python).toContain('    def _search_ldap(self, ldap, con, username):');
    expect(python).toContain('    def auth_user_ldap(self, username, password, *args, **kwargs):');
    expect(values.apiServer.extraVolumeMounts).toEqual([
      { name: 'ldap-ca', mountPath: '/opt/data-eng/certs', readOnly: true },
    ]);
  });

  it('adds the Kerberos sidecar (and, for task pods, the init container) with a krb5.conf for AD', async () => {
    const celery = (await render('CeleryExecutor', { windowsAuth: WINDOWS_AUTH })).values;
    expect(celery.workers).toEqual({ kerberosSidecar: { enabled: true } });
    expect(celery.kerberos.principal).toBe('svc-airflow@CORP.EXAMPLE.COM');
    expect(celery.kerberos.config).toMatch(/default_realm = CORP\.EXAMPLE\.COM/);
    expect(celery.kerberos.config).toMatch(/rdns = false/);
    expect(celery.kerberos.config).toMatch(/kdc = dc1\.corp\.example\.com/);
    expect(celery.config.kerberos).toEqual({ include_ip: 'False' });
    const pods = await render('LocalExecutor', { windowsAuth: { ...WINDOWS_AUTH, kerberos: 'host' } });
    expect(pods.values.workers).toEqual({
      kerberosSidecar: { enabled: true },
      kerberosInitContainer: { enabled: true },
    });
    expect(pods.text).toMatch(/a WSL2 ticket cannot reach the cluster/);
    const none = (await render('LocalExecutor', { windowsAuth: { ...WINDOWS_AUTH, kerberos: 'none' } }))
      .values;
    expect(none.kerberos).toBeUndefined();
    expect(none.workers).toBeUndefined();
  });
});
