import { envRef, envTemplate, secretFile } from '../../lib/plugins/public-api.js';
import type {
  DependencyCondition,
  EnvValue,
  HealthCheck,
  ServiceSpec,
  StackApi,
  VolumeMount,
} from '../../lib/plugins/public-api.js';
import type { Login } from './login.js';
import type { ResolvedAirflow } from './options.js';
import {
  AIRFLOW_BUILD,
  AIRFLOW_DEV_TARGET,
  AIRFLOW_HOME,
  AIRFLOW_RUNTIME_TARGET,
  AIRFLOW_SERVICES as S,
  API_SERVER_PORT,
  LOCAL_OBJECTS_FILE,
  PROJECT_MOUNTS,
  SCHEDULER_HEALTH_PORT,
  SCRIPTS_DIR,
  TOOLS_PROFILE,
} from './constants.js';
import { commonEnvironment } from './environment.js';

export const LOGS_VOLUME = 'airflow-logs';
export const SCRIPTS_MOUNT = `${AIRFLOW_HOME}/scripts`;

/** A health check with the timings Airflow's own compose file uses. */
export function healthCheck(test: string[]): HealthCheck {
  return { test, interval: '30s', timeout: '10s', retries: 5, startPeriod: '30s' };
}

export const PROJECT_VOLUMES: readonly VolumeMount[] = [
  ...PROJECT_MOUNTS.map((dir) => ({ type: 'bind' as const, source: dir, target: `${AIRFLOW_HOME}/${dir}` })),
  { type: 'volume', source: LOGS_VOLUME, target: `${AIRFLOW_HOME}/logs` },
];
const SCRIPTS_VOLUME: VolumeMount = {
  type: 'bind',
  source: SCRIPTS_DIR,
  target: SCRIPTS_MOUNT,
  readOnly: true,
};

interface AirflowServiceSpec extends Omit<ServiceSpec, 'environment' | 'dependsOn'> {
  readonly environment?: Record<string, EnvValue>;
  readonly dependsOn?: Record<string, DependencyCondition>;
}

/**
 * One Airflow process: the runtime image, the shared settings, running as ${AIRFLOW_UID}:0 (the root group
 * owns the image's files), after postgres is healthy and airflow-init has finished.
 */
export function addAirflowService(stack: StackApi, airflow: ResolvedAirflow, spec: AirflowServiceSpec): void {
  stack.addService({
    build: { build: AIRFLOW_BUILD, target: AIRFLOW_RUNTIME_TARGET },
    user: envTemplate`${envRef('AIRFLOW_UID', '50000')}:0`,
    volumes: PROJECT_VOLUMES,
    restart: 'unless-stopped',
    ...spec,
    environment: { ...commonEnvironment(airflow), ...spec.environment },
    dependsOn: {
      postgres: 'service_healthy',
      ...(spec.name === S.init ? {} : { [S.init]: 'service_completed_successfully' as const }),
      ...(airflow.executor === 'CeleryExecutor' && spec.name !== S.init
        ? { [S.redis]: 'service_healthy' as const }
        : {}),
      ...spec.dependsOn,
    },
  });
}

/** airflow-init, the api-server, scheduler, dag-processor and triggerer: the services every executor needs. */
export function addCoreServices(stack: StackApi, airflow: ResolvedAirflow, login: Login): void {
  stack.addVolume(LOGS_VOLUME, { persistent: true });
  addAirflowService(stack, airflow, {
    name: S.init,
    description:
      login === 'database'
        ? 'One-shot: migrates the metadata DB, creates the admin user, loads airflow_settings.yaml'
        : 'One-shot: migrates the metadata DB, loads airflow_settings.yaml',
    command: ['bash', `${SCRIPTS_MOUNT}/init.sh`],
    environment: {
      ...(login === 'database' ? { AIRFLOW_ADMIN_PASSWORD_FILE: secretFile('AIRFLOW_ADMIN_PASSWORD') } : {}),
      ANALYTICS_DB_PASSWORD_FILE: secretFile('ANALYTICS_DB_PASSWORD'),
    },
    volumes: [
      SCRIPTS_VOLUME,
      {
        type: 'bind',
        source: LOCAL_OBJECTS_FILE,
        target: `${AIRFLOW_HOME}/${LOCAL_OBJECTS_FILE}`,
        readOnly: true,
      },
      { type: 'volume', source: LOGS_VOLUME, target: `${AIRFLOW_HOME}/logs` },
    ],
    restart: 'no',
    oneShot: true,
  });
  const simple = login === 'simple';
  addAirflowService(stack, airflow, {
    name: S.apiServer,
    description: 'Airflow 3 API server: the UI, the REST API and the execution API tasks call',
    command: simple
      ? ['bash', '-c', `python ${SCRIPTS_MOUNT}/simple_auth_passwords.py && exec airflow api-server`]
      : ['airflow', 'api-server'],
    ...(simple
      ? {
          environment: { AIRFLOW_ADMIN_PASSWORD_FILE: secretFile('AIRFLOW_ADMIN_PASSWORD') },
          volumes: [...PROJECT_VOLUMES, SCRIPTS_VOLUME],
        }
      : {}),
    ports: [
      {
        container: API_SERVER_PORT,
        host: airflow.apiPort,
        hostVariable: 'AIRFLOW_API_PORT',
        label: 'Airflow UI',
        forward: true,
      },
    ],
    // /api/v2/version, not /api/v2/monitor/health: the latter answers 200 while components are unhealthy.
    healthcheck: healthCheck([
      'CMD',
      'curl',
      '--fail',
      '--silent',
      `http://localhost:${API_SERVER_PORT}/api/v2/version`,
    ]),
  });
  addAirflowService(stack, airflow, {
    name: S.scheduler,
    description: 'Schedules DAG runs; with LocalExecutor it also runs the tasks',
    command: ['airflow', 'scheduler'],
    // Tasks report to the execution API, so with LocalExecutor the scheduler waits for the api-server.
    ...(airflow.executor === 'LocalExecutor' ? { dependsOn: { [S.apiServer]: 'service_healthy' } } : {}),
    healthcheck: healthCheck([
      'CMD',
      'curl',
      '--fail',
      '--silent',
      `http://localhost:${SCHEDULER_HEALTH_PORT}/health`,
    ]),
  });
  for (const [name, job, command, description] of [
    [
      S.dagProcessor,
      'DagProcessorJob',
      'dag-processor',
      'Parses DAG files (a separate process in Airflow 3)',
    ],
    [S.triggerer, 'TriggererJob', 'triggerer', 'Runs deferred tasks (triggers)'],
  ] as const) {
    addAirflowService(stack, airflow, {
      name,
      description,
      command: ['airflow', command],
      healthcheck: healthCheck(['CMD-SHELL', `airflow jobs check --job-type ${job} --hostname "$HOSTNAME"`]),
    });
  }
}

/** Where airflow-cli and the dev container see the whole project. */
export const CLI_WORKDIR = '/workspace';

/**
 * For a container with the whole project mounted at CLI_WORKDIR: Airflow and Python read the project's
 * files there, not the copies baked into the image, so an edit counts without a rebuild.
 */
export function workspaceEnvironment(): Record<string, string> {
  return {
    PYTHONPATH: `${CLI_WORKDIR}/src`,
    AIRFLOW__CORE__DAGS_FOLDER: `${CLI_WORKDIR}/dags`,
    AIRFLOW__CORE__PLUGINS_FOLDER: `${CLI_WORKDIR}/plugins`,
  };
}

/**
 * airflow-cli (profile tools): the development image with the project mounted, for the Airflow CLI, the DAG
 * tests and ruff: `docker compose run --rm airflow-cli python -m pytest /workspace/tests`.
 */
export function addCliService(stack: StackApi, airflow: ResolvedAirflow): void {
  addAirflowService(stack, airflow, {
    name: S.cli,
    description: 'Airflow CLI, DAG tests and ruff on the development image',
    build: { build: AIRFLOW_BUILD, target: AIRFLOW_DEV_TARGET },
    command: ['bash'],
    // The image's entrypoint would otherwise wait for the database, which `run --no-deps` does not start.
    environment: { ...workspaceEnvironment(), CONNECTION_CHECK_MAX_COUNT: '0' },
    profiles: [TOOLS_PROFILE],
    volumes: [
      { type: 'bind', source: '.', target: CLI_WORKDIR },
      { type: 'volume', source: LOGS_VOLUME, target: `${AIRFLOW_HOME}/logs` },
    ],
    restart: 'no',
  });
}
