import {
  configLayerOf,
  SECRETS_DIR,
  type ContributeContext,
  type FileContribution,
  type Stack,
} from '../../lib/plugins/public-api.js';
import { loginOf } from './login.js';
import { renderTemplate } from '../../lib/render/render-template.js';
import { AIRFLOW_SECRETS_BACKENDS } from '../../lib/airflow.js';
import { commentText, pythonString, shellWord } from '../../lib/render/escape.js';
import { quotedString } from '../../lib/render/quoted-string.js';
import { suppliedSecrets } from '../../lib/render/render-env.js';
import type { ResolvedAirflow } from './options.js';
import {
  ADMIN_USER,
  AIRFLOW_DOCKERFILE,
  AIRFLOW_IMAGE_UID,
  AIRFLOW_SERVICES,
  CA_CERTS_DIR,
  EXAMPLE_DAG_ID,
  LOCAL_OBJECTS_FILE,
  PIP_INDEX_SECRET,
  SCRIPTS_DIR,
} from './constants.js';
import { CLI_WORKDIR, SCRIPTS_MOUNT } from './services.js';
import { DBT_DIR, DBT_VENV } from '../dbt/constants.js';

/** Template name (under templates/) → path in the project; `{pkg}` is the Python package name. */
const TEMPLATES: readonly (readonly [string, string, number?])[] = [
  ['Dockerfile.airflow.ejs', AIRFLOW_DOCKERFILE],
  ['requirements.txt.ejs', 'requirements.txt'],
  ['requirements-dev.txt.ejs', 'requirements-dev.txt'],
  ['pyproject.toml.ejs', 'pyproject.toml'],
  ['dags/example_etl.py.ejs', `dags/${EXAMPLE_DAG_ID}.py`],
  ['dags/example_analytics_db.py.ejs', 'dags/example_analytics_db.py'],
  ['include/__init__.py.ejs', 'include/__init__.py'],
  ['include/sql/daily_summary.sql.ejs', 'include/sql/daily_summary.sql'],
  ['plugins/README.md.ejs', 'plugins/README.md'],
  ['src/package/__init__.py.ejs', 'src/{pkg}/__init__.py'],
  ['src/package/settings.py.ejs', 'src/{pkg}/settings.py'],
  ['conf/config.yaml.ejs', 'conf/config.yaml'],
  ['conf/env/dev.yaml.ejs', 'conf/env/dev.yaml'],
  ['conf/env/prod.yaml.ejs', 'conf/env/prod.yaml'],
  ['conf/local/local.yaml.example.ejs', 'conf/local/local.yaml.example'],
  ['airflow_settings.yaml.ejs', LOCAL_OBJECTS_FILE],
  ['docker/airflow/init.sh.ejs', `${SCRIPTS_DIR}/init.sh`, 0o755],
  ['docker/airflow/load_airflow_settings.py.ejs', `${SCRIPTS_DIR}/load_airflow_settings.py`],
  ['docker/airflow/simple_auth_passwords.py.ejs', `${SCRIPTS_DIR}/simple_auth_passwords.py`],
  ['docker/airflow/secret_env.py.ejs', `${SCRIPTS_DIR}/secret_env.py`],
  ['docker/certs/README.md.ejs', `${CA_CERTS_DIR}/README.md`],
  ['tests/__init__.py.ejs', 'tests/__init__.py'],
  ['tests/dags/__init__.py.ejs', 'tests/dags/__init__.py'],
  ['tests/dags/test_dag_integrity.py.ejs', 'tests/dags/test_dag_integrity.py'],
  ['tests/test_settings.py.ejs', 'tests/test_settings.py'],
  ['scripts/smoke-test.sh.ejs', 'scripts/smoke-test.sh', 0o755],
  ['scripts/airflow.sh.ejs', 'scripts/airflow.sh', 0o755],
  ['github/workflows/ci.yml.ejs', '.github/workflows/ci.yml'],
];

/** The providers of the environments' secrets backends, each with the environments that read through it. */
function secretsProviders(context: ContributeContext): { provider: string; environments: string[] }[] {
  const providers = new Map<string, string[]>();
  for (const environment of context.environments) {
    if (environment.secretsBackend === 'none') continue;
    const { provider } = AIRFLOW_SECRETS_BACKENDS[environment.secretsBackend];
    providers.set(provider, [...(providers.get(provider) ?? []), environment.name]);
  }
  return [...providers].map(([provider, environments]) => ({ provider, environments }));
}

/** What every template of this component sees. Free text reaches templates only through the escapers. */
export function templateData(stack: Stack, airflow: ResolvedAirflow, context: ContributeContext) {
  const postgres = context.config.postgres ?? {};
  return {
    project: stack.project,
    airflow,
    // With the dbt part, the image installs dbt into its own environment and carries the dbt project.
    dbt: context.enabled('dbt') ? { dir: DBT_DIR, venv: DBT_VENV } : undefined,
    login: loginOf(airflow, context),
    supplied: suppliedSecrets(stack),
    secretsProviders: secretsProviders(context),
    analytics: {
      database: String(postgres.analyticsDatabase ?? 'analytics'),
      user: String(postgres.analyticsUser ?? 'analytics'),
    },
    services: AIRFLOW_SERVICES,
    adminUser: ADMIN_USER,
    uid: AIRFLOW_IMAGE_UID,
    indexSecret: PIP_INDEX_SECRET,
    exampleDagId: EXAMPLE_DAG_ID,
    localObjectsFile: LOCAL_OBJECTS_FILE,
    scriptsMount: SCRIPTS_MOUNT,
    secretsDir: SECRETS_DIR,
    cliWorkdir: CLI_WORKDIR,
    pythonTarget: `py${airflow.pythonVersion.replace('.', '')}`,
    quoted: quotedString,
    pythonString,
    shellWord,
    commentText,
  };
}

/** The files the airflow component writes, rendered from its templates. */
export function airflowFiles(
  stack: Stack,
  airflow: ResolvedAirflow,
  context: ContributeContext,
): FileContribution[] {
  const data = templateData(stack, airflow, context);
  const layers = new Set(TEMPLATES.map(([, path]) => path).filter((path) => path.startsWith(CONFIG_LAYERS)));
  const layerOf = (path: string) =>
    context.environments.find((environment) => path === `${CONFIG_LAYERS}${environment.name}.yaml`)?.name;
  return [
    ...TEMPLATES.map(([template, path, mode]) => ({
      path: path.replace('{pkg}', stack.project.packageName),
      content: renderTemplate(import.meta.url, template, data),
      ...(mode ? { mode } : {}),
      ...(layerOf(path) ? { environment: layerOf(path) } : {}),
    })),
    // Every declared environment that loads its own layer gets it; dev and prod have theirs above.
    ...context.environments
      .filter((environment) => configLayerOf(environment) === environment.name)
      .map((environment) => ({ environment, path: `${CONFIG_LAYERS}${environment.name}.yaml` }))
      .filter(({ path }) => !layers.has(path))
      .map(({ environment, path }) => ({
        path,
        content: renderTemplate(import.meta.url, 'conf/env/environment.yaml.ejs', { ...data, environment }),
        environment: environment.name,
      })),
  ];
}

/** Where the configuration layers live: conf/env/<APP_ENV>.yaml. */
export const CONFIG_LAYERS = 'conf/env/';
