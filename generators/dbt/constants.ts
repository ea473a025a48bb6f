/** Names of the dbt part that other parts and tests rely on. */
export const DBT = 'dbt';
/** The dbt project's folder in the project, and where the image and the containers have it. */
export const DBT_DIR = 'dbt';
/** dbt's own virtual environment in the Airflow image, apart from Airflow's packages. */
export const DBT_VENV = '/opt/airflow/dbt-venv';
/** The schemas of the layers in the analytics database. */
export const DBT_SCHEMAS = { raw: 'raw', bronze: 'bronze', silver: 'silver', gold: 'gold' } as const;
/** The VS Code extension for dbt the dev container gets (dbt Power User). */
export const DBT_EXTENSION = 'innoverio.vscode-dbt-power-user';
