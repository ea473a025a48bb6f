import { definePlugin, envRef } from '../../lib/plugins/public-api.js';
import { AIRFLOW_IMAGE_REPO } from '../../lib/versions.js';
import { AIRFLOW_OPTIONS, AIRFLOW_REQUIRES, airflowIn, resolveAirflow } from './options.js';
import {
  AIRFLOW_BUILD,
  AIRFLOW_DOCKERFILE,
  AIRFLOW_STAGES,
  AIRFLOW_SYSTEM_STAGE,
  PIP_INDEX_SECRET,
  AIRFLOW_SERVICES,
  HA_PROFILE,
  HA_SCHEDULER,
} from './constants.js';
import { addAirflowEnvEntries } from './environment.js';
import { loginOf } from './login.js';
import { addCliService, addCoreServices } from './services.js';
import { addCeleryServices } from './celery.js';
import { airflowFiles } from './files.js';

/**
 * Apache Airflow 3: init, api-server, scheduler, dag-processor and triggerer (plus Redis, a worker and Flower
 * with CeleryExecutor), built from a multi-stage Dockerfile.airflow, with the project's Python side.
 */
export default definePlugin({
  name: 'airflow',
  apiVersion: 1,
  description: 'Apache Airflow 3 services built from a multi-stage Dockerfile.airflow.',
  requires: AIRFLOW_REQUIRES,
  options: AIRFLOW_OPTIONS,
  contribute(stack, context) {
    const airflow = airflowIn(context.answers, context.environment, stack.project.name);
    const login = loginOf(airflow, context);
    addAirflowEnvEntries(stack, airflow, login, context.environment);
    stack.addBuild({
      name: AIRFLOW_BUILD,
      dockerfile: AIRFLOW_DOCKERFILE,
      context: '.',
      stages: [AIRFLOW_SYSTEM_STAGE, ...AIRFLOW_STAGES],
      // The one place the versions are set; Dockerfile.airflow has no defaults for them.
      args: {
        AIRFLOW_VERSION: airflow.version,
        PYTHON_VERSION: airflow.pythonVersion,
        AIRFLOW_IMAGE_REPO: envRef('AIRFLOW_IMAGE_REPO', AIRFLOW_IMAGE_REPO),
        WINDOWS_AUTH: context.enabled('windows-auth') ? 'true' : 'false',
      },
      secrets: { [PIP_INDEX_SECRET]: 'PIP_INDEX_URL' },
    });
    addCoreServices(stack, airflow, login);
    // Airflow 3 runs several schedulers on PostgreSQL; the ha profile shows a team its DAGs under two.
    stack.addService({
      ...stack.getService(AIRFLOW_SERVICES.scheduler)!,
      name: HA_SCHEDULER,
      description: `A second scheduler, only with the ${HA_PROFILE} profile: docker compose --profile ${HA_PROFILE} up`,
      profiles: [HA_PROFILE],
    });
    if (airflow.executor === 'CeleryExecutor') addCeleryServices(stack, airflow);
    addCliService(stack, airflow);
  },
  files(stack, context) {
    return airflowFiles(stack, resolveAirflow(context.answers), context);
  },
});
