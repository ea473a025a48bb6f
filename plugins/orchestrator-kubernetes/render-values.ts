import type { Answers, ContributeContext, Stack } from '../../lib/plugins/public-api.js';
import { resolveExecutor } from './executor.js';
import { kerberosValues } from './kerberos-values.js';
import type { SecretReference } from './secret-names.js';
import { secretNames } from './secret-names.js';
import { BIND_PASSWORD_ENV, LDAP_CA_DIR, webserverConfig } from './webserver-config.js';
import { readWindowsAuth } from './windows-auth-answers.js';

const FAB_AUTH_MANAGER = 'airflow.providers.fab.auth_manager.fab_auth_manager.FabAuthManager';
const SIMPLE_AUTH_MANAGER = 'airflow.api_fastapi.auth.managers.simple.simple_auth_manager.SimpleAuthManager';

/** Settings the chart sets itself, or that only make sense in the compose stack. */
const CHART_OWNED = new Set([
  'core.executor',
  'core.auth_manager',
  'core.fernet_key',
  'core.execution_api_server_url',
  'database.sql_alchemy_conn',
  'api_auth.jwt_secret',
  'api.secret_key',
  'fab.config_file',
  'kerberos.ccache',
  'kerberos.keytab',
  'kerberos.principal',
]);

/** airflow.cfg settings from the scheduler's literal AIRFLOW__SECTION__KEY variables in the Stack. */
function configFromStack(stack: Stack): Record<string, Record<string, string>> {
  const config: Record<string, Record<string, string>> = {};
  for (const [name, value] of Object.entries(stack.services['airflow-scheduler']?.environment ?? {})) {
    const match = /^AIRFLOW__([A-Z0-9_]+?)__([A-Z0-9_]+)$/.exec(name);
    if (!match || typeof value !== 'string') continue;
    const [section, key] = [match[1]!.toLowerCase(), match[2]!.toLowerCase()];
    if (CHART_OWNED.has(`${section}.${key}`)) continue;
    (config[section] ??= {})[key] = value;
  }
  return config;
}

/** Escape Go template actions: the chart passes apiServerConfig through `tpl`. */
const helmLiteral = (text: string): string => text.replaceAll('{{', '{{ "{{" }}');

const secretEnv = (name: string, ref: SecretReference) => ({
  name,
  valueFrom: { secretKeyRef: { name: ref.name, key: ref.key } },
});

export interface RenderedValues {
  readonly values: Record<string, unknown>;
  /** Sentences for the file's header: what was mapped and why. */
  readonly notes: readonly string[];
  /** The Secrets the values refer to, for the header's kubectl lines. */
  readonly secrets: readonly SecretReference[];
}

/**
 * values.yaml for the official Apache Airflow Helm chart, from the Stack and every component's answers:
 * executor, image, database, Secrets by name only, FAB/LDAP login and the Kerberos sidecar with windows-auth.
 */
export function renderValues(
  stack: Stack,
  context: Pick<ContributeContext, 'answers' | 'config'>,
): RenderedValues {
  const { answers, config } = context;
  const project = stack.project.name;
  const airflow: Answers = config.airflow ?? {};
  const windowsAuth = config['windows-auth'] ? readWindowsAuth(config['windows-auth']) : undefined;
  const { executor, note } = resolveExecutor(answers.executor, airflow.executor);
  const celery = executor === 'CeleryExecutor';
  const names = secretNames(project);
  const build = stack.services['airflow-scheduler']?.build;
  const registry = String(answers.registry || config['build-cache']?.registry || '').replace(/\/+$/, '');
  const repository = `${registry ? `${registry}/` : ''}${project}-${build?.build ?? 'airflow'}`;
  const tag = String(answers.imageTag || build?.target || 'runtime');
  const fab = Boolean(windowsAuth) || airflow.authManager !== 'simple';
  const createAdmin = fab && !windowsAuth;
  const kerberos = windowsAuth ? kerberosValues(windowsAuth, executor) : undefined;
  const stackConfig = configFromStack(stack);

  const values: Record<string, unknown> = {
    airflowVersion: String(airflow.version ?? '3.0.6'),
    defaultAirflowRepository: repository,
    defaultAirflowTag: tag,
    images: {
      airflow: { repository, tag, pullPolicy: answers.imageTag ? 'IfNotPresent' : 'Always' },
      useDefaultImageForMigration: false,
    },
    executor,
    fernetKeySecretName: names.fernetKey.name,
    jwtSecretName: names.jwtSecret.name,
    apiSecretKeySecretName: names.apiSecretKey.name,
    data: {
      metadataSecretName: names.metadata.name,
      ...(celery
        ? { resultBackendSecretName: names.resultBackend.name, brokerUrlSecretName: names.brokerUrl.name }
        : {}),
    },
    postgresql:
      answers.database === 'chart'
        ? { enabled: true, auth: { existingSecret: names.postgres.name } }
        : { enabled: false },
    redis: celery ? { enabled: true, passwordSecretName: names.redisPassword.name } : { enabled: false },
    config: {
      ...stackConfig,
      core: { ...stackConfig.core, auth_manager: fab ? FAB_AUTH_MANAGER : SIMPLE_AUTH_MANAGER },
      ...(kerberos ? { kerberos: { ...stackConfig.kerberos, include_ip: 'False' } } : {}),
    },
    apiServer: {
      defaultUser: { enabled: createAdmin },
      ...(windowsAuth
        ? {
            apiServerConfig: helmLiteral(webserverConfig(config['windows-auth']!)),
            extraVolumes: [{ name: 'ldap-ca', configMap: { name: names.ldapCa.name } }],
            extraVolumeMounts: [{ name: 'ldap-ca', mountPath: LDAP_CA_DIR, readOnly: true }],
          }
        : {}),
    },
    webserver: { defaultUser: { enabled: createAdmin } },
    ...(createAdmin
      ? {
          createUserJob: {
            env: [secretEnv('ADMIN_PASSWORD', names.adminPassword)],
            // Kubernetes expands $(ADMIN_PASSWORD) from the env above, so the password never enters values.yaml.
            args: [
              'bash',
              '-c',
              'exec airflow users create "$@"',
              '--',
              '-r',
              'Admin',
              '-u',
              'admin',
              '-e',
              'admin@example.com',
              '-f',
              'Admin',
              '-l',
              'User',
              '-p',
              '$(ADMIN_PASSWORD)',
            ],
          },
        }
      : {}),
    secret: windowsAuth
      ? [{ envName: BIND_PASSWORD_ENV, secretName: names.ldapBind.name, secretKey: names.ldapBind.key }]
      : [],
    ...(kerberos ?? {}),
  };
  const secrets: SecretReference[] = [
    names.fernetKey,
    names.jwtSecret,
    names.apiSecretKey,
    names.metadata,
    ...(celery ? [names.resultBackend, names.brokerUrl, names.redisPassword] : []),
    ...(answers.database === 'chart' ? [names.postgres] : []),
    ...(createAdmin ? [names.adminPassword] : []),
    ...(windowsAuth ? [names.ldapBind, names.ldapCa] : []),
  ];
  const notes = [
    ...(note ? [note] : []),
    ...(windowsAuth && windowsAuth.kerberos === 'host'
      ? [
          'Kerberos: a WSL2 ticket cannot reach the cluster, so pods renew a ticket from a keytab instead (the keytab mode).',
        ]
      : []),
    ...(kerberos
      ? [
          `Kerberos: put the keytab of ${windowsAuth!.keytabPrincipal} in the Secret <release>-kerberos-keytab, key kerberos.keytab.`,
        ]
      : []),
  ];
  return { values, notes, secrets };
}
