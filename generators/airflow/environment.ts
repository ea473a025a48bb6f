import { configLayerOf, envRef, secretFile } from '../../lib/plugins/public-api.js';
import { AIRFLOW_AUTH_MANAGERS } from '../../lib/airflow.js';
import { AIRFLOW_IMAGE_REPO } from '../../lib/versions.js';
import type { EnvValue, Environment, StackApi } from '../../lib/plugins/public-api.js';
import type { Login } from './login.js';
import type { AirflowInEnvironment, ResolvedAirflow } from './options.js';
import { ADMIN_USER, AIRFLOW_HOME, AIRFLOW_SERVICES as S, API_SERVER_PORT } from './constants.js';

/** Where the api-server reads the simple auth manager's passwords; written at its start from .env. */
export const SIMPLE_AUTH_PASSWORDS_FILE = `${AIRFLOW_HOME}/simple_auth_manager_passwords.json.generated`;

/**
 * A command Airflow runs for an `_CMD` option (split like a shell line, not run by one): it prints the metadata
 * DB's URL with the password read from its secret file, percent-encoded, so no character of it can break the URL.
 * The official image's entrypoint runs the same command to wait for the database.
 */
function metadataUrlCommand(scheme: string): EnvValue {
  const url = `'${scheme}://airflow:' + quote(open(p).read(), safe='') + '@postgres:5432/airflow'`;
  return {
    parts: [
      'python -c "import sys; from urllib.parse import quote; p = sys.argv[1]; print(',
      url,
      ", end='')\" ",
      secretFile('POSTGRES_PASSWORD'),
    ],
  };
}

/** The contents of a secret's file, as an `_CMD` option prints it. */
const fileContents = (name: string): EnvValue => ({ parts: ['cat ', secretFile(name)] });

/** The `.env` entries every Airflow service reads: secrets (generated once) and settings with defaults. */
export function addAirflowEnvEntries(
  stack: StackApi,
  airflow: ResolvedAirflow,
  login: Login,
  environment: Environment,
): void {
  stack.addSetting(
    'AIRFLOW_UID',
    '50000',
    'User id Airflow runs as; set it to `id -u` on Linux/WSL2 so bind-mounted files stay yours',
  );
  stack.addSetting(
    'AIRFLOW_API_PORT',
    String(airflow.apiPort),
    'Host port of the Airflow UI and API (bound to 127.0.0.1)',
  );
  stack.addSetting(
    'APP_ENV',
    environment.target === 'compose' ? configLayerOf(environment) : 'dev',
    'Configuration layer the project code loads: conf/env/<APP_ENV>.yaml',
  );
  stack.addSetting(
    'AIRFLOW_IMAGE_REPO',
    AIRFLOW_IMAGE_REPO,
    'Repository of the Airflow base image; point it at your internal registry mirror if Docker Hub is blocked',
  );
  stack.addSetting(
    'PIP_INDEX_URL',
    'https://pypi.org/simple',
    'Python package index for image builds (a BuildKit secret: kept out of the image); point it at your internal mirror',
  );
  stack.addSecret(
    'AIRFLOW_FERNET_KEY',
    'fernet',
    'Encrypts connections and variables; changing it makes them unreadable',
  );
  stack.addSecret(
    'AIRFLOW_JWT_SECRET',
    'token',
    'Signs task and API tokens; every Airflow process must share it',
  );
  stack.addSecret('AIRFLOW_API_SECRET_KEY', 'token', 'Signs the UI session cookies and log-fetch tokens');
  // Under AD login nobody signs in with a database password.
  if (login !== 'active-directory') {
    stack.addSecret(
      'AIRFLOW_ADMIN_PASSWORD',
      'password',
      `Password of the Airflow user "${ADMIN_USER}" (log in to the UI with it)`,
      { changedWith: `the UI, or scripts/airflow.sh users reset-password --username ${ADMIN_USER}` },
    );
  }
}

/**
 * Settings every Airflow process shares, checked against Airflow 3's config.yml: the execution API URL that
 * task runners call, one JWT secret for all of them (without it tasks fail with "Signature verification
 * failed"), the metadata DB through psycopg2. Secrets are references into .env, never values.
 */
export function commonEnvironment(airflow: AirflowInEnvironment): Record<string, EnvValue> {
  return {
    AIRFLOW__CORE__EXECUTOR: airflow.executor,
    AIRFLOW__CORE__AUTH_MANAGER: AIRFLOW_AUTH_MANAGERS[airflow.authManager],
    // Every secret through its `_CMD` option, read from a file compose mounts from .env: none is in a
    // container's environment, so `docker inspect` shows none.
    AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_CMD: metadataUrlCommand('postgresql+psycopg2'),
    AIRFLOW__CORE__FERNET_KEY_CMD: fileContents('AIRFLOW_FERNET_KEY'),
    AIRFLOW__API_AUTH__JWT_SECRET_CMD: fileContents('AIRFLOW_JWT_SECRET'),
    AIRFLOW__API__SECRET_KEY_CMD: fileContents('AIRFLOW_API_SECRET_KEY'),
    AIRFLOW__CORE__EXECUTION_API_SERVER_URL: `http://${S.apiServer}:${API_SERVER_PORT}/execution/`,
    AIRFLOW__CORE__LOAD_EXAMPLES: 'false',
    AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION: 'true',
    AIRFLOW__SCHEDULER__ENABLE_HEALTH_CHECK: 'true',
    // The default is 300 s: a new DAG file would take up to five minutes to appear locally.
    AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL: '30',
    APP_ENV: airflow.appEnv ?? envRef('APP_ENV', 'dev'),
    ...airflow.secretsBackend,
    ...(airflow.authManager === 'simple'
      ? {
          AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS: `${ADMIN_USER}:admin`,
          AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE: SIMPLE_AUTH_PASSWORDS_FILE,
        }
      : {}),
    ...(airflow.executor === 'CeleryExecutor'
      ? {
          AIRFLOW__CELERY__BROKER_URL: `redis://:@${S.redis}:6379/0`,
          AIRFLOW__CELERY__RESULT_BACKEND_CMD: metadataUrlCommand('db+postgresql'),
        }
      : {}),
  };
}
