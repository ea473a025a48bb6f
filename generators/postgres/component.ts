import { definePlugin, envRef, readAnswers, secretFile } from '../../lib/plugins/public-api.js';
import { POSTGRES_OPTIONS } from './options.js';
import { renderTemplate } from '../../lib/render/render-template.js';

export const POSTGRES_SERVICE = 'postgres';
/** The port PostgreSQL listens on inside the stack. */
export const POSTGRES_CONTAINER_PORT = 5432;
/** The Airflow metadata database and its owner. */
export const METADATA_DB = 'airflow';
export const INIT_SCRIPT = 'docker/postgres/initdb/10-analytics.sh';
/** psql into either database of the running stack. */
export const PSQL_SCRIPT = 'scripts/psql.sh';

/** PostgreSQL: the metadata database, plus a separate analytics database and role. */
export default definePlugin({
  name: 'postgres',
  apiVersion: 1,
  description: 'PostgreSQL with a health check, a persistent volume and a separate analytics database.',
  options: POSTGRES_OPTIONS,
  contribute(stack, context) {
    const answers = readAnswers(POSTGRES_OPTIONS, context.answers, 'postgres');
    const version = answers.version;
    stack.addSetting(
      'POSTGRES_IMAGE',
      `postgres:${version}`,
      'PostgreSQL image; point it at your internal registry if Docker Hub is blocked',
    );
    stack.addSetting('POSTGRES_PORT', String(answers.port), 'Host port for PostgreSQL (bound to 127.0.0.1)');
    // The metadata DB's owner is the server's superuser (POSTGRES_USER): it changes either role's password.
    const role = (name: string) => ({
      service: POSTGRES_SERVICE,
      role: name,
      superuser: METADATA_DB,
      database: METADATA_DB,
    });
    stack.addSecret('POSTGRES_PASSWORD', 'password', `Password of the "${METADATA_DB}" database owner`, {
      role: role(METADATA_DB),
    });
    stack.addSecret('ANALYTICS_DB_PASSWORD', 'password', `Password of the "${answers.analyticsUser}" role`, {
      role: role(answers.analyticsUser),
    });
    stack.addVolume('postgres-data', { persistent: true });
    stack.addService({
      name: POSTGRES_SERVICE,
      description: 'PostgreSQL: Airflow metadata and analytics databases',
      image: envRef('POSTGRES_IMAGE', `postgres:${version}`),
      environment: {
        POSTGRES_USER: METADATA_DB,
        POSTGRES_DB: METADATA_DB,
        // The passwords as files under /run/secrets, read by the image's entrypoint and the init script: in no
        // container's environment, so not in `docker inspect`.
        POSTGRES_PASSWORD_FILE: secretFile('POSTGRES_PASSWORD'),
        ANALYTICS_DB: answers.analyticsDatabase,
        ANALYTICS_USER: answers.analyticsUser,
        ANALYTICS_DB_PASSWORD_FILE: secretFile('ANALYTICS_DB_PASSWORD'),
      },
      ports: [
        {
          container: POSTGRES_CONTAINER_PORT,
          host: answers.port,
          hostVariable: 'POSTGRES_PORT',
          label: 'PostgreSQL',
          forward: true,
        },
      ],
      volumes: [
        { type: 'volume', source: 'postgres-data', target: '/var/lib/postgresql/data' },
        {
          type: 'bind',
          source: './docker/postgres/initdb',
          target: '/docker-entrypoint-initdb.d',
          readOnly: true,
        },
      ],
      healthcheck: {
        // Over TCP: during first-start init the server listens on its socket only and is not ready yet.
        test: ['CMD', 'pg_isready', '-h', '127.0.0.1', '-U', METADATA_DB, '-d', METADATA_DB],
        interval: '5s',
        timeout: '5s',
        retries: 10,
        startPeriod: '10s',
      },
      persistent: true,
      restart: 'unless-stopped',
    });
  },
  files(_stack, context) {
    const answers = readAnswers(POSTGRES_OPTIONS, context.answers, 'postgres');
    return [
      { path: INIT_SCRIPT, content: renderTemplate(import.meta.url, '10-analytics.sh'), mode: 0o755 },
      {
        path: PSQL_SCRIPT,
        content: renderTemplate(import.meta.url, 'psql.sh.ejs', {
          service: POSTGRES_SERVICE,
          metadataDatabase: METADATA_DB,
          analyticsDatabase: answers.analyticsDatabase,
          analyticsUser: answers.analyticsUser,
        }),
        mode: 0o755,
      },
    ];
  },
});
