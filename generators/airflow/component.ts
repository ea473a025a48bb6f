import { definePlugin, envRef, envTemplate } from '../../lib/plugins/public-api.js';
import type { EnvValue, StackApi } from '../../lib/plugins/public-api.js';
import { renderTemplate } from '../../lib/render/render-template.js';
import { AIRFLOW_OPTIONS } from './options.js';
import {
  AIRFLOW_BUILD,
  AIRFLOW_DOCKERFILE,
  AIRFLOW_HOME,
  AIRFLOW_RUNTIME_TARGET,
  AIRFLOW_SERVICES as S,
  AIRFLOW_STAGES,
} from './constants.js';

const AUTH_MANAGERS = {
  simple: 'airflow.api_fastapi.auth.managers.simple.simple_auth_manager.SimpleAuthManager',
  fab: 'airflow.providers.fab.auth_manager.fab_auth_manager.FabAuthManager',
} as const;

/** Settings every Airflow process shares; secrets are references into .env, never values. */
function commonEnvironment(answers: Readonly<Record<string, unknown>>): Record<string, EnvValue> {
  return {
    AIRFLOW__CORE__EXECUTOR: String(answers.executor),
    AIRFLOW__CORE__AUTH_MANAGER: AUTH_MANAGERS[answers.authManager as keyof typeof AUTH_MANAGERS],
    AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: envTemplate`postgresql+psycopg2://airflow:${envRef('POSTGRES_PASSWORD')}@postgres:5432/airflow`,
    AIRFLOW__CORE__FERNET_KEY: envRef('AIRFLOW_FERNET_KEY'),
    AIRFLOW__API_AUTH__JWT_SECRET: envRef('AIRFLOW_JWT_SECRET'),
    AIRFLOW__API__SECRET_KEY: envRef('AIRFLOW_API_SECRET_KEY'),
    AIRFLOW__CORE__EXECUTION_API_SERVER_URL: `http://${S.apiServer}:8080/execution/`,
    AIRFLOW__CORE__LOAD_EXAMPLES: 'False',
    AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION: 'True',
    AIRFLOW__SCHEDULER__ENABLE_HEALTH_CHECK: 'True',
  };
}

function addAirflowService(
  stack: StackApi,
  name: string,
  command: string[],
  extra: Partial<Parameters<StackApi['addService']>[0]>,
  env: Record<string, EnvValue>,
): void {
  stack.addService({
    name,
    build: { build: AIRFLOW_BUILD, target: AIRFLOW_RUNTIME_TARGET },
    command,
    user: envTemplate`${envRef('AIRFLOW_UID', '50000')}:0`,
    environment: env,
    volumes: [
      { type: 'bind', source: './dags', target: `${AIRFLOW_HOME}/dags` },
      { type: 'bind', source: './plugins', target: `${AIRFLOW_HOME}/plugins` },
      { type: 'bind', source: './include', target: `${AIRFLOW_HOME}/include` },
    ],
    dependsOn: {
      postgres: 'service_healthy',
      ...(name === S.init ? {} : { [S.init]: 'service_completed_successfully' as const }),
    },
    restart: name === S.init ? 'no' : 'unless-stopped',
    ...extra,
  });
}

/** Apache Airflow 3: api-server, scheduler, dag-processor, triggerer and a one-shot init, built from Dockerfile.airflow. */
export default definePlugin({
  name: 'airflow',
  apiVersion: 1,
  description: 'Apache Airflow 3 services built from a multi-stage Dockerfile.airflow.',
  requires: ['postgres'],
  options: AIRFLOW_OPTIONS,
  contribute(stack, { answers }) {
    stack.addSetting(
      'AIRFLOW_UID',
      '50000',
      'User id Airflow runs as; set it to `id -u` on Linux/WSL2 so bind-mounted files stay yours',
    );
    stack.addSetting(
      'AIRFLOW_API_PORT',
      String(answers.apiPort),
      'Host port of the Airflow UI and API (bound to 127.0.0.1)',
    );
    stack.addSecret(
      'AIRFLOW_FERNET_KEY',
      'fernet',
      'Encrypts connections and variables; changing it makes them unreadable',
    );
    stack.addSecret('AIRFLOW_JWT_SECRET', 'token', 'Signs task tokens; every Airflow process must share it');
    stack.addSecret('AIRFLOW_API_SECRET_KEY', 'token', 'Signs the UI session cookies');
    stack.addSecret('AIRFLOW_ADMIN_PASSWORD', 'password', 'Password of the "admin" user created at init');
    stack.addBuild({
      name: AIRFLOW_BUILD,
      dockerfile: AIRFLOW_DOCKERFILE,
      context: '.',
      stages: [...AIRFLOW_STAGES],
      args: { AIRFLOW_VERSION: String(answers.version), PYTHON_VERSION: String(answers.pythonVersion) },
    });
    const env = commonEnvironment(answers);
    const initScript = [
      'airflow db migrate',
      ...(answers.authManager === 'fab'
        ? [
            'airflow users create --role Admin --username admin --firstname Admin --lastname User --email admin@example.com --password "$AIRFLOW_ADMIN_PASSWORD" || true',
          ]
        : []),
    ].join(' && ');
    addAirflowService(
      stack,
      S.init,
      ['bash', '-c', initScript],
      { oneShot: true },
      { ...env, AIRFLOW_ADMIN_PASSWORD: envRef('AIRFLOW_ADMIN_PASSWORD') },
    );
    addAirflowService(
      stack,
      S.apiServer,
      ['airflow', 'api-server'],
      {
        ports: [
          {
            container: 8080,
            host: Number(answers.apiPort),
            hostVariable: 'AIRFLOW_API_PORT',
            label: 'Airflow UI',
            forward: true,
          },
        ],
        healthcheck: {
          test: ['CMD', 'curl', '--fail', '--silent', 'http://localhost:8080/api/v2/version'],
          interval: '30s',
          timeout: '10s',
          retries: 5,
          startPeriod: '30s',
        },
      },
      env,
    );
    addAirflowService(
      stack,
      S.scheduler,
      ['airflow', 'scheduler'],
      {
        healthcheck: {
          test: ['CMD', 'curl', '--fail', '--silent', 'http://localhost:8974/health'],
          interval: '30s',
          timeout: '10s',
          retries: 5,
          startPeriod: '30s',
        },
      },
      env,
    );
    for (const [name, job, command] of [
      [S.dagProcessor, 'DagProcessorJob', 'dag-processor'],
      [S.triggerer, 'TriggererJob', 'triggerer'],
    ] as const) {
      addAirflowService(
        stack,
        name,
        ['airflow', command],
        {
          healthcheck: {
            test: ['CMD-SHELL', `airflow jobs check --job-type ${job} --hostname "$HOSTNAME"`],
            interval: '30s',
            timeout: '10s',
            retries: 5,
            startPeriod: '30s',
          },
        },
        env,
      );
    }
  },
  files(stack, { answers }) {
    const data = { project: stack.project, airflow: answers };
    return [
      { path: AIRFLOW_DOCKERFILE, content: renderTemplate(import.meta.url, 'Dockerfile.airflow.ejs', data) },
    ];
  },
});
