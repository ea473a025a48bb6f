import type { AnswersOf, OptionSpec } from '../../lib/plugins/option-spec.js';
import { configLayerOf, envRef } from '../../lib/plugins/public-api.js';
import { secretsBackendSettings } from '../../lib/airflow.js';
import type { EnvValue, Environment } from '../../lib/plugins/public-api.js';
import { readAnswers } from '../../lib/config/read-answers.js';
import {
  AIRFLOW_RELEASES,
  AIRFLOW_VERSIONS,
  DEFAULT_AIRFLOW_VERSION,
  DEFAULT_PYTHON_VERSION,
  PYTHON_VERSIONS,
} from '../../lib/versions.js';

export const AIRFLOW_OPTIONS = [
  {
    name: 'version',
    flag: 'airflow-version',
    type: 'string',
    description: 'Apache Airflow version',
    default: DEFAULT_AIRFLOW_VERSION,
    choices: AIRFLOW_VERSIONS,
  },
  {
    name: 'pythonVersion',
    flag: 'python-version',
    type: 'string',
    description: 'Python version of the Airflow image',
    default: DEFAULT_PYTHON_VERSION,
    choices: PYTHON_VERSIONS,
    // The list shows only the versions the chosen Airflow publishes images for.
    offer: (answers) => AIRFLOW_RELEASES[answers.version as keyof typeof AIRFLOW_RELEASES] ?? PYTHON_VERSIONS,
    validate: (value, answers) => {
      const supported = AIRFLOW_RELEASES[answers.version as keyof typeof AIRFLOW_RELEASES] as
        readonly string[] | undefined;
      return supported && !supported.includes(String(value))
        ? `Airflow ${String(answers.version)} publishes images for Python ${supported.join(', ')} only; pick one of those`
        : undefined;
    },
  },
  {
    name: 'executor',
    flag: 'executor',
    type: 'string',
    description: 'Executor: LocalExecutor, or CeleryExecutor with Redis and workers',
    default: 'LocalExecutor',
    choices: ['LocalExecutor', 'CeleryExecutor'],
  },
  {
    name: 'authManager',
    flag: 'auth-manager',
    type: 'string',
    description: 'Auth manager: simple for a quick local start, fab for database users (and AD login later)',
    default: 'fab',
    choices: ['simple', 'fab'],
  },
  {
    name: 'apiPort',
    flag: 'airflow-port',
    type: 'number',
    description: 'Host port of the Airflow UI and API, bound to 127.0.0.1',
    default: 8080,
    min: 1024,
    max: 65535,
    hostPort: true,
  },
] as const satisfies readonly OptionSpec[];

/** The airflow answers after validation, typed from the table: the only shape that reaches the Stack and the templates. */
export type ResolvedAirflow = AnswersOf<typeof AIRFLOW_OPTIONS>;
export type Executor = ResolvedAirflow['executor'];
export type AuthManagerChoice = ResolvedAirflow['authManager'];

/** Stored answers as ResolvedAirflow, anything missing taking the table's default. */
export const resolveAirflow = (answers: Readonly<Record<string, unknown>>): ResolvedAirflow =>
  readAnswers(AIRFLOW_OPTIONS, answers, 'airflow');

/** The parts this one needs (its metadata database): its component's `requires`, and the check of `--components`. */
export const AIRFLOW_REQUIRES: readonly string[] = ['postgres'];

/**
 * The airflow answers as one environment runs them: the configuration layer its code loads is .env's APP_ENV on
 * compose (the local stack), and the environment's own name anywhere else; with a vault as its secrets backend,
 * Airflow's `[secrets]` settings for it.
 */
export type AirflowInEnvironment = ResolvedAirflow & {
  readonly appEnv?: EnvValue;
  readonly secretsBackend?: Readonly<Record<string, string>>;
};

export const airflowIn = (
  answers: Readonly<Record<string, unknown>>,
  environment: Environment,
  project: string,
): AirflowInEnvironment => ({
  ...resolveAirflow(answers),
  appEnv:
    environment.target === 'compose'
      ? envRef('APP_ENV', configLayerOf(environment))
      : configLayerOf(environment),
  ...(environment.secretsBackend !== 'none'
    ? {
        secretsBackend: secretsBackendSettings(
          environment.secretsBackend,
          environment.secretsStore,
          project,
          environment.name,
        ),
      }
    : {}),
});
