/** Names other components and plugins rely on: the image build, its stages, and the Airflow services. */
export const AIRFLOW_BUILD = 'airflow';
export const AIRFLOW_DOCKERFILE = 'Dockerfile.airflow';
/** The stage names are a contract: the build cache and the dev container build these targets. */
export const AIRFLOW_STAGES = ['dependencies', 'runtime', 'development'] as const;
export const AIRFLOW_RUNTIME_TARGET = 'runtime';
export const AIRFLOW_DEV_TARGET = 'development';
export const AIRFLOW_SERVICES = {
  init: 'airflow-init',
  apiServer: 'airflow-apiserver',
  scheduler: 'airflow-scheduler',
  dagProcessor: 'airflow-dag-processor',
  triggerer: 'airflow-triggerer',
  worker: 'airflow-worker',
  flower: 'flower',
  redis: 'redis',
} as const;
/** Where the project is mounted inside Airflow containers. */
export const AIRFLOW_HOME = '/opt/airflow';
