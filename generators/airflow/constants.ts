/** Names other components and plugins rely on: the image build, its stages, and the Airflow services. */
export const AIRFLOW_BUILD = 'airflow';
export const AIRFLOW_DOCKERFILE = 'Dockerfile.airflow';
/** The stage names are a contract: the build cache and the dev container build these targets. */
export const AIRFLOW_STAGES = ['dependencies', 'runtime', 'development'] as const;
export const AIRFLOW_RUNTIME_TARGET = 'runtime';
export const AIRFLOW_DEV_TARGET = 'development';
/**
 * The OS layer under `dependencies` (corporate CA, Kerberos/LDAP client tools). Not part of the contract:
 * it is a target of its own so it can be built and checked without a Python package index.
 */
export const AIRFLOW_SYSTEM_STAGE = 'system';
/** The BuildKit secret that carries PIP_INDEX_URL into the RUN steps that install packages. */
export const PIP_INDEX_SECRET = 'pip_index_url';
export const AIRFLOW_SERVICES = {
  init: 'airflow-init',
  apiServer: 'airflow-apiserver',
  scheduler: 'airflow-scheduler',
  dagProcessor: 'airflow-dag-processor',
  triggerer: 'airflow-triggerer',
  worker: 'airflow-worker',
  flower: 'flower',
  redis: 'redis',
  cli: 'airflow-cli',
} as const;
/** Where the project is mounted inside Airflow containers. */
export const AIRFLOW_HOME = '/opt/airflow';
/** The uid of the `airflow` user of the official images; the uv cache mounts in Dockerfile.airflow belong to it. */
export const AIRFLOW_IMAGE_UID = 50000;
export const API_SERVER_PORT = 8080;
export const SCHEDULER_HEALTH_PORT = 8974;
export const FLOWER_PORT = 5555;
/** The compose profiles that keep optional services out of a plain `docker compose up`. */
export const FLOWER_PROFILE = 'flower';
export const TOOLS_PROFILE = 'tools';
/** The compose profile that runs a second scheduler (docker compose --profile ha up), and that scheduler. */
export const HA_PROFILE = 'ha';
export const HA_SCHEDULER = 'airflow-scheduler-2';
/** The user the init container creates (FAB) or the simple auth manager knows; its password is in .env. */
export const ADMIN_USER = 'admin';
/** Project files the Airflow containers see, bind-mounted from the project into AIRFLOW_HOME. */
export const PROJECT_MOUNTS = ['dags', 'plugins', 'include', 'src', 'conf'] as const;
/** Compose-only helpers (init, simple-auth passwords), mounted read-only; not baked into the image. */
export const SCRIPTS_DIR = 'docker/airflow';
export const CA_CERTS_DIR = 'docker/certs';
/** Connections, variables and pools for local use, loaded by airflow-init. */
export const LOCAL_OBJECTS_FILE = 'airflow_settings.yaml';
export const EXAMPLE_DAG_ID = 'example_etl';
