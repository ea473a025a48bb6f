import { definePlugin, readAnswers, secretFile } from '../../lib/plugins/public-api.js';
import { POSTGRES_OPTIONS } from '../postgres/options.js';
import { CLI_WORKDIR } from '../airflow/services.js';
import { POSTGRES_CONTAINER_PORT, POSTGRES_SERVICE } from '../postgres/component.js';
import { WORKSPACE_SERVICE } from '../devcontainer/component.js';
import type { FileContribution } from '../../lib/plugins/public-api.js';
import { renderTemplate } from '../../lib/render/render-template.js';
import { DBT_CORE_VERSION, DBT_POSTGRES_VERSION } from '../../lib/versions.js';
import { AIRFLOW_HOME, AIRFLOW_SERVICES, HA_SCHEDULER } from '../airflow/constants.js';
import {
  DBT,
  DBT_DIR,
  DBT_LAYERS,
  DBT_RUN_ENVIRONMENT,
  DBT_SCHEMAS,
  DBT_SOURCE,
  DBT_VENV,
} from './constants.js';
import { DBT_OPTIONS, DBT_REQUIRES, dbtSettings } from './options.js';

/** The processes that run tasks, and so dbt: the schedulers (LocalExecutor) and the Celery worker. */
const RUNNERS = [AIRFLOW_SERVICES.scheduler, HA_SCHEDULER, AIRFLOW_SERVICES.worker];

/** Template (under templates/) → path in the project. */
const FILES: readonly (readonly [string, string])[] = [
  ['dbt/dbt_project.yml.ejs', `${DBT_DIR}/dbt_project.yml`],
  ['dbt/profiles.yml.ejs', `${DBT_DIR}/profiles.yml`],
  ['dbt/requirements.txt.ejs', `${DBT_DIR}/requirements.txt`],
  ['dbt/macros/generate_schema_name.sql', `${DBT_DIR}/macros/generate_schema_name.sql`],
  ['dbt/seeds/customers.csv', `${DBT_DIR}/seeds/customers.csv`],
  ['dbt/seeds/orders.csv', `${DBT_DIR}/seeds/orders.csv`],
  ['dbt/models/sources.yml.ejs', `${DBT_DIR}/models/sources.yml`],
  ['dbt/models/bronze/_bronze.yml', `${DBT_DIR}/models/bronze/_bronze.yml`],
  ['dbt/models/bronze/brz_customers.sql', `${DBT_DIR}/models/bronze/brz_customers.sql`],
  ['dbt/models/bronze/brz_orders.sql', `${DBT_DIR}/models/bronze/brz_orders.sql`],
  ['dbt/models/silver/_silver.yml', `${DBT_DIR}/models/silver/_silver.yml`],
  ['dbt/models/silver/slv_orders.sql', `${DBT_DIR}/models/silver/slv_orders.sql`],
  ['dbt/models/gold/_gold.yml', `${DBT_DIR}/models/gold/_gold.yml`],
  ['dbt/models/gold/gld_customer_revenue.sql', `${DBT_DIR}/models/gold/gld_customer_revenue.sql`],
  ['dbt/models/gold/gld_daily_revenue.sql', `${DBT_DIR}/models/gold/gld_daily_revenue.sql`],
  ['dags/dbt_medallion.py.ejs', 'dags/dbt_medallion.py'],
  ['dbt.md.ejs', 'docs/dbt.md'],
];

/**
 * dbt on the analytics database: a medallion project (raw seeds, bronze, silver, gold) with sources and tests,
 * a DAG that builds it layer by layer, and dbt installed into its own environment of the Airflow image.
 */
export default definePlugin({
  name: DBT,
  apiVersion: 1,
  description: 'A dbt project (bronze, silver, gold) on the analytics database, and the DAG that builds it.',
  requires: DBT_REQUIRES,
  options: DBT_OPTIONS,
  settings: dbtSettings,
  contribute(stack, { config }) {
    const postgres = readAnswers(POSTGRES_OPTIONS, config.postgres ?? {}, 'postgres');
    // make dbt-build runs dbt in airflow-cli (the development image, the project at /workspace), reaching the
    // analytics database as its owner with the password from its secret file.
    // The containers a person runs dbt in: make dbt-build's airflow-cli, and the dev container's workspace (where
    // the dbt extension runs it). Both mount the project at CLI_WORKDIR.
    for (const name of [AIRFLOW_SERVICES.cli, WORKSPACE_SERVICE].filter((service) =>
      stack.hasService(service),
    )) {
      stack.addEnv(name, {
        DBT_HOST: POSTGRES_SERVICE,
        DBT_PORT: String(POSTGRES_CONTAINER_PORT),
        DBT_USER: postgres.analyticsUser,
        DBT_DBNAME: postgres.analyticsDatabase,
        DBT_PASSWORD_FILE: secretFile('ANALYTICS_DB_PASSWORD'),
        DBT_PROFILES_DIR: `${CLI_WORKDIR}/${DBT_DIR}`,
        ...DBT_RUN_ENVIRONMENT,
      });
    }
    for (const name of RUNNERS.filter((service) => stack.hasService(service))) {
      stack.updateService(name, (service) => ({
        volumes: [
          ...service.volumes,
          { type: 'bind', source: `./${DBT_DIR}`, target: `${AIRFLOW_HOME}/${DBT_DIR}`, readOnly: true },
        ],
      }));
    }
  },
  files(stack, { answers, config }): FileContribution[] {
    const settings = dbtSettings(answers);
    const postgres = readAnswers(POSTGRES_OPTIONS, config.postgres ?? {}, 'postgres');
    const data = {
      project: stack.project,
      packageName: stack.project.packageName,
      threads: settings.threads,
      schemas: DBT_SCHEMAS,
      versions: { core: DBT_CORE_VERSION, postgres: DBT_POSTGRES_VERSION },
      dbtBin: `${DBT_VENV}/bin/dbt`,
      dbtDir: DBT_DIR,
      venv: DBT_VENV,
      layers: DBT_LAYERS,
      sourceName: DBT_SOURCE,
      defaultPort: POSTGRES_CONTAINER_PORT,
      runEnvironment: DBT_RUN_ENVIRONMENT,
      analyticsDatabase: postgres.analyticsDatabase,
    };
    return FILES.map(([template, path]) => ({
      path,
      content: renderTemplate(import.meta.url, template, data),
    }));
  },
});
