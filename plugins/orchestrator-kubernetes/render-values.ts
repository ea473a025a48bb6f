import {
  AIRFLOW_AUTH_MANAGERS,
  API_SERVER_WORKERS,
  configLayerOf,
  connectionBudget,
  DATABASE_POOL,
  imageRepository,
  PGBOUNCER_RESULT_BACKEND_POOL,
  readAnswers,
  statsdExporterMappings,
} from '../../lib/plugins/public-api.js';
import { KUBERNETES_OPTIONS } from './options.js';
import type { ContributeContext, Environment, Stack } from '../../lib/plugins/public-api.js';
import { resolveExecutor } from './executor.js';
import { kerberosValues } from './kerberos-values.js';
import type { SecretReference } from './secret-names.js';
import { secretNames } from './secret-names.js';
import { namespaceOf } from './secret-sources.js';
import { BIND_PASSWORD_ENV, LDAP_CA_DIR, webserverConfig } from './webserver-config.js';

/**
 * The configuration layer pods load (conf/env/<APP_ENV>.yaml): the project ships `prod` for deployments, while
 * the compose stack defaults to `dev`.
 */
export const CLUSTER_APP_ENV = 'prod';

/** Where remote task logs are read and written: the Airflow connection the team creates in the cluster. */
export const REMOTE_LOG_CONN_ID = 'remote_logs';

/** Settings the chart sets itself, or that only make sense in the compose stack. */
const CHART_OWNED = new Set([
  'celery.broker_url',
  'celery.result_backend',
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
  // The chart points these at its own StatsD exporter (<release>-statsd) when statsd.enabled.
  'metrics.statsd_on',
  'metrics.statsd_host',
  'metrics.statsd_port',
  'metrics.statsd_prefix',
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

type KubernetesAnswers = ReturnType<typeof readAnswers<typeof KUBERNETES_OPTIONS>>;

/** The plugin's answers as one environment overrides them: its executor, registry and tag when it sets them. */
function environmentAnswers(answers: KubernetesAnswers, environment?: Environment): KubernetesAnswers {
  if (!environment) return answers;
  return {
    ...answers,
    ...(environment.executor !== 'project' ? { executor: environment.executor } : {}),
    ...(environment.registry ? { registry: environment.registry } : {}),
    ...(environment.imageTag ? { imageTag: environment.imageTag } : {}),
    ...(environment.taskLogs !== 'project'
      ? { logs: environment.taskLogs, remoteLogFolder: environment.remoteLogFolder }
      : {}),
  };
}

/** Requests and limits per size: the scheduler and workers need the most; memory is limited, CPU only requested. */
const SIZES = {
  small: { cpu: '250m', memory: '1Gi' },
  medium: { cpu: '500m', memory: '2Gi' },
  large: { cpu: '1', memory: '4Gi' },
} as const;

/** The components whose replicas and resources an environment sets, each a key of the chart's values. */
const SIZED = ['scheduler', 'apiServer', 'triggerer', 'dagProcessor'] as const;

/** The chart's component label of each pod kind that runs more than once under high availability. */
const HA_COMPONENTS = { scheduler: 'scheduler', apiServer: 'api-server', triggerer: 'triggerer' } as const;

/**
 * An environment's replicas and resources, as the chart's per-component values; nothing when it keeps the chart's.
 * With more than one replica, the scheduler and API server get a disruption budget (one pod at a time), and the
 * replicated pods prefer different nodes; with PgBouncer, its pools are sized from the connection budget.
 */
function sizing(environment: Environment, celery: boolean): Record<string, Record<string, unknown>> {
  const components = [...SIZED, ...(celery ? (['workers'] as const) : [])];
  const size = environment.resources === 'chart' ? undefined : SIZES[environment.resources];
  const values: Record<string, Record<string, unknown>> = {};
  const ha = environment.replicas > 1;
  for (const [component, label] of Object.entries(HA_COMPONENTS)) {
    if (!ha) break;
    if (component !== 'triggerer')
      (values[component] ??= {}).podDisruptionBudget = { enabled: true, config: { maxUnavailable: 1 } };
    (values[component] ??= {}).affinity = {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 100,
            podAffinityTerm: {
              topologyKey: 'kubernetes.io/hostname',
              labelSelector: { matchLabels: { component: label } },
            },
          },
        ],
      },
    };
  }
  if (environment.pgbouncer) {
    const budget = connectionBudget(environment.replicas, environment.databaseMaxConnections, true);
    values.pgbouncer = {
      enabled: true,
      maxClientConn: Math.max(100, budget.clients),
      metadataPoolSize: budget.serverPool!,
      resultBackendPoolSize: PGBOUNCER_RESULT_BACKEND_POOL,
    };
  }
  for (const component of components) {
    // The DAG processor parses files; one is enough whatever the replicas of the rest.
    if (environment.replicas > 1 && component !== 'dagProcessor')
      (values[component] ??= {}).replicas = environment.replicas;
    if (size)
      (values[component] ??= {}).resources = {
        requests: { cpu: size.cpu, memory: size.memory },
        limits: { memory: size.memory },
      };
  }
  return values;
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
  context: Pick<ContributeContext, 'answers' | 'config' | 'settingsOf'>,
  environment?: Environment,
): RenderedValues {
  const { config } = context;
  const answers = environmentAnswers(
    readAnswers(KUBERNETES_OPTIONS, context.answers, 'orchestrator-kubernetes'),
    environment,
  );
  const appEnv = environment ? configLayerOf(environment) : CLUSTER_APP_ENV;
  const project = stack.project.name;
  // What the compose stack runs, read from the Stack: the scheduler's settings and the image's build args.
  const scheduler = stack.services['airflow-scheduler'];
  const settingOf = (name: string): string | undefined => {
    const value = scheduler?.environment[name];
    return typeof value === 'string' ? value : undefined;
  };
  const windowsAuth = context.settingsOf('windows-auth');
  const { executor, note } = resolveExecutor(answers.executor, settingOf('AIRFLOW__CORE__EXECUTOR'));
  const celery = executor === 'CeleryExecutor';
  const names = secretNames(project);
  const build = scheduler?.build;
  const registry = String(answers.registry || config['build-cache']?.registry || '').replace(/\/+$/, '');
  const repository = `${registry ? `${registry}/` : ''}${imageRepository(project, build?.build ?? 'airflow')}`;
  const tag = answers.imageTag || build?.target || 'runtime';
  // A moving tag in a registry is pulled every start; a pinned tag, or an image loaded into a local cluster
  // (kind load, minikube image load), is used as it is: Always would send the latter to Docker Hub.
  const pullPolicy = registry && !answers.imageTag ? 'Always' : 'IfNotPresent';
  const chartDatabase = answers.database === 'chart';
  const remoteLogs = answers.logs === 'remote';
  const kubernetesExecutor = executor === 'KubernetesExecutor';
  const keepPods = kubernetesExecutor && answers.logs === 'pods';
  const fab = settingOf('AIRFLOW__CORE__AUTH_MANAGER') === AIRFLOW_AUTH_MANAGERS.fab;
  const createAdmin = fab && !windowsAuth;
  const kerberos = windowsAuth ? kerberosValues(windowsAuth, executor) : undefined;
  const stackConfig = configFromStack(stack);

  const values: Record<string, unknown> = {
    airflowVersion: String(build ? stack.builds[build.build]?.args.AIRFLOW_VERSION : undefined),
    defaultAirflowRepository: repository,
    defaultAirflowTag: tag,
    images: {
      airflow: { repository, tag, pullPolicy },
      useDefaultImageForMigration: false,
    },
    executor,
    env: [{ name: 'APP_ENV', value: appEnv }],
    fernetKeySecretName: names.fernetKey.name,
    jwtSecretName: names.jwtSecret.name,
    apiSecretKeySecretName: names.apiSecretKey.name,
    data: {
      metadataSecretName: names.metadata.name,
      ...(celery
        ? { resultBackendSecretName: names.resultBackend.name, brokerUrlSecretName: names.brokerUrl.name }
        : {}),
    },
    postgresql: chartDatabase
      ? { enabled: true, auth: { existingSecret: names.postgres.name } }
      : { enabled: false },
    redis: celery ? { enabled: true, passwordSecretName: names.redisPassword.name } : { enabled: false },
    config: {
      ...stackConfig,
      core: { ...stackConfig.core, auth_manager: AIRFLOW_AUTH_MANAGERS[fab ? 'fab' : 'simple'] },
      // What the connection budget of each environment counts, stated rather than left to Airflow's defaults.
      database: {
        ...stackConfig.database,
        sql_alchemy_pool_size: String(DATABASE_POOL.size),
        sql_alchemy_max_overflow: String(DATABASE_POOL.maxOverflow),
      },
      api: { ...stackConfig.api, workers: String(API_SERVER_WORKERS) },
      ...(kerberos ? { kerberos: { ...stackConfig.kerberos, include_ip: 'False' } } : {}),
      ...(keepPods ? { kubernetes_executor: { delete_worker_pods: 'False' } } : {}),
      ...(remoteLogs
        ? {
            logging: {
              ...stackConfig.logging,
              remote_logging: 'True',
              remote_base_log_folder: answers.remoteLogFolder,
              remote_log_conn_id: REMOTE_LOG_CONN_ID,
            },
          }
        : {}),
    },
    // Task pods end with their task: without a shared volume, remote logs or kept pods, their logs go with them.
    ...(kubernetesExecutor && answers.logs === 'persistence'
      ? { logs: { persistence: { enabled: true } } }
      : {}),
    apiServer: {
      defaultUser: { enabled: createAdmin },
      ...(windowsAuth
        ? {
            apiServerConfig: helmLiteral(webserverConfig(windowsAuth)),
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
    // With the observability part, the chart's StatsD exporter maps Airflow's names as the compose stack does.
    ...(context.settingsOf('observability')
      ? { statsd: { enabled: true, overrideMappings: statsdExporterMappings() } }
      : {}),
  };
  if (environment)
    for (const [component, set] of Object.entries(sizing(environment, celery)))
      values[component] = { ...((values[component] ?? {}) as Record<string, unknown>), ...set };
  // The chart's PostgreSQL answers at <release>-postgresql.<namespace>; the install line uses the project for both.
  const chartHost = `${project}-postgresql.${namespaceOf(project, environment)}:5432/postgres`;
  const secrets: SecretReference[] = [
    names.fernetKey,
    names.jwtSecret,
    names.apiSecretKey,
    chartDatabase
      ? {
          ...names.metadata,
          holds: `the metadata database URL, postgresql://postgres:PASSWORD@${chartHost}?sslmode=disable with the chart PostgreSQL's password`,
        }
      : names.metadata,
    ...(celery
      ? [
          chartDatabase
            ? {
                ...names.resultBackend,
                holds: `the Celery result backend URL, db+postgresql://postgres:PASSWORD@${chartHost}`,
              }
            : names.resultBackend,
          { ...names.brokerUrl, holds: `the Redis URL, redis://:PASSWORD@${project}-redis:6379/0` },
          names.redisPassword,
        ]
      : []),
    ...(chartDatabase ? [names.postgres] : []),
    ...(createAdmin ? [names.adminPassword] : []),
    ...(windowsAuth ? [names.ldapBind, names.ldapCa] : []),
    ...(kerberos ? [names.kerberosKeytab] : []),
  ];
  const notes = [
    ...(note ? [note] : []),
    registry
      ? `Image: push ${repository}:${tag} to the registry first (make build, then docker push).`
      : `Image: no registry, so the cluster runs the image you load into it: make build, then kind load docker-image ${repository}:${tag} (or minikube image load ${repository}:${tag}); for a shared cluster answer --k8s-registry.`,
    `Configuration: pods load conf/env/${appEnv}.yaml (APP_ENV=${appEnv}).`,
    ...(remoteLogs
      ? [
          `Task logs: written to ${answers.remoteLogFolder} through the Airflow connection ${REMOTE_LOG_CONN_ID}; create it in the cluster, e.g. AIRFLOW_CONN_${REMOTE_LOG_CONN_ID.toUpperCase()} from a Secret.`,
        ]
      : keepPods
        ? [
            'Task logs: finished task pods are kept (delete_worker_pods False) and the UI reads their logs from them; delete old pods by hand, or answer --k8s-logs persistence or remote on a shared cluster.',
          ]
        : kubernetesExecutor
          ? [
              "Task logs: kept on the chart's logs volume, which needs a ReadWriteMany storage class (set logs.persistence.storageClassName; kind's and minikube's default classes are ReadWriteOnce), or answer --k8s-logs remote.",
            ]
          : []),
    ...(windowsAuth && windowsAuth.kerberos === 'host'
      ? [
          'Kerberos: a WSL2 ticket cannot reach the cluster, so pods renew a ticket from a keytab instead (the keytab mode).',
        ]
      : []),
    ...(kerberos
      ? [
          `Kerberos: the Secret ${names.kerberosKeytab.name} holds the keytab of ${windowsAuth!.keytabPrincipal} (the chart mounts <release>-kerberos-keytab).`,
        ]
      : []),
  ];
  return { values, notes, secrets };
}
