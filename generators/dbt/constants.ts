/** Names of the dbt part that other parts and tests rely on. */
export const DBT = 'dbt';
/** The dbt project's folder in the project, and where the image and the containers have it. */
export const DBT_DIR = 'dbt';
/** dbt's own virtual environment in the Airflow image, apart from Airflow's packages. */
export const DBT_VENV = '/opt/airflow/dbt-venv';
/** VS Code's dbt extension (dbt Power User) in the dev container, and where it finds dbt: the image's dbt environment. */
export const DBT_VSCODE_EXTENSION = 'innoverio.vscode-dbt-power-user';
export const DBT_VSCODE_SETTINGS = {
  'dbt.dbtPythonPathOverride': `${DBT_VENV}/bin/python`,
  // The extension reads models and YAML as Jinja templates.
  'files.associations': { '*.sql': 'jinja-sql', 'dbt/**/*.yml': 'jinja-yaml' },
} as const;

/** The schemas of the layers in the analytics database. */
export const DBT_SCHEMAS = { raw: 'raw', bronze: 'bronze', silver: 'silver', gold: 'gold' } as const;
/** The model layers, in build order (each a folder under dbt/models/ and its schema). */
export const DBT_LAYERS = ['bronze', 'silver', 'gold'] as const;
/** The dbt source the raw tables are declared under (models/sources.yml). */
export const DBT_SOURCE = 'raw';
/**
 * What every dbt run gets besides the connection: its own files under /tmp (the project folder may be read-only
 * in a container), and no usage report (dbt would try to reach the internet).
 */
export const DBT_RUN_ENVIRONMENT = {
  DBT_TARGET_PATH: '/tmp/dbt/target',
  DBT_LOG_PATH: '/tmp/dbt/logs',
  DBT_SEND_ANONYMOUS_USAGE_STATS: 'false',
} as const;
