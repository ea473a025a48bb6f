import { envRef } from '../../lib/plugins/public-api.js';
import type { StackApi } from '../../lib/plugins/public-api.js';
import { REDIS_IMAGE } from '../../lib/versions.js';
import type { ResolvedAirflow } from './options.js';
import { AIRFLOW_SERVICES as S, FLOWER_PORT, FLOWER_PROFILE } from './constants.js';
import { addAirflowService, healthCheck } from './services.js';

/** CeleryExecutor: Redis as the broker, a worker, and Flower behind the `flower` compose profile. */
export function addCeleryServices(stack: StackApi, airflow: ResolvedAirflow): void {
  stack.addSetting(
    'REDIS_IMAGE',
    REDIS_IMAGE,
    'Redis image (the Celery broker); point it at your internal registry if Docker Hub is blocked',
  );
  stack.addSetting(
    'FLOWER_PORT',
    String(FLOWER_PORT),
    'Host port of Flower, the Celery monitor (docker compose --profile flower up)',
  );
  stack.addService({
    name: S.redis,
    description: 'Redis: the Celery broker',
    image: envRef('REDIS_IMAGE', REDIS_IMAGE),
    healthcheck: {
      test: ['CMD', 'redis-cli', 'ping'],
      interval: '10s',
      timeout: '30s',
      retries: 50,
      startPeriod: '30s',
    },
    restart: 'unless-stopped',
  });
  addAirflowService(stack, airflow, {
    name: S.worker,
    description: 'Celery worker: runs the tasks',
    command: ['airflow', 'celery', 'worker'],
    // Warm shutdown: dumb-init must pass SIGTERM to the worker only, not to its whole process group.
    environment: { DUMB_INIT_SETSID: '0' },
    dependsOn: { [S.apiServer]: 'service_healthy' },
    // A worker is healthy when its Celery node answers a ping over the broker.
    healthcheck: healthCheck([
      'CMD-SHELL',
      'celery --app airflow.providers.celery.executors.celery_executor.app inspect ping -d "celery@$HOSTNAME"',
    ]),
  });
  addAirflowService(stack, airflow, {
    name: S.flower,
    description: 'Flower: the Celery monitor (profile flower)',
    command: ['airflow', 'celery', 'flower'],
    profiles: [FLOWER_PROFILE],
    ports: [{ container: FLOWER_PORT, host: FLOWER_PORT, hostVariable: 'FLOWER_PORT', label: 'Flower' }],
    healthcheck: healthCheck(['CMD', 'curl', '--fail', '--silent', `http://localhost:${FLOWER_PORT}/`]),
  });
}
