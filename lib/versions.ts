/**
 * Every pinned version in one table, so a bump happens in one place.
 *
 * Airflow: releases with published images and constraints files (constraints-<version>/constraints-<python>.txt),
 * and the Python versions each supports among those we offer (3.11 to 3.13). Checked against the Airflow README
 * "tested with" tables (3.0: Python 3.9-3.12; 3.1: 3.10-3.13; 3.3: 3.10-3.14), the release announcements
 * (3.2.2: 2026-05-29, 3.3.0: 2026-07-06, 3.3.2: 2026-09-17) and published constraints files for each pair.
 */
export const AIRFLOW_RELEASES = {
  '3.0.6': ['3.11', '3.12'],
  '3.1.8': ['3.11', '3.12', '3.13'],
  '3.2.2': ['3.11', '3.12', '3.13'],
  '3.3.0': ['3.11', '3.12', '3.13'],
  '3.3.2': ['3.11', '3.12', '3.13'],
} as const satisfies Record<string, readonly string[]>;

export type AirflowVersion = keyof typeof AIRFLOW_RELEASES;
export const AIRFLOW_VERSIONS = Object.keys(AIRFLOW_RELEASES) as AirflowVersion[];
export const DEFAULT_AIRFLOW_VERSION: AirflowVersion = '3.0.6';
export const PYTHON_VERSIONS = ['3.11', '3.12', '3.13'] as const;
export const DEFAULT_PYTHON_VERSION = '3.12';

/** Where the official Airflow images live; an internal registry mirror replaces it through AIRFLOW_IMAGE_REPO. */
export const AIRFLOW_IMAGE_REPO = 'apache/airflow';

/** PostgreSQL majors with an official image whose data directory is /var/lib/postgresql/data. */
export const POSTGRES_VERSIONS = ['15', '16', '17'] as const;
export const DEFAULT_POSTGRES_VERSION = '16';

/** Redis for the Celery executor: 7.2 is the last BSD-licensed line, the one Airflow's own compose file uses. */
export const REDIS_IMAGE = 'redis:7.2-bookworm';
/** ruff, in the generated project's pre-commit config; the image's ruff comes from Airflow's constraints. */
export const RUFF_PRE_COMMIT_VERSION = 'v0.14.0';
export const PRE_COMMIT_HOOKS_VERSION = 'v6.0.0';

/**
 * dbt, installed into its own virtual environment of the Airflow image (/opt/airflow/dbt-venv), apart from Airflow's
 * constraints: dbt-core and Airflow pin shared packages (protobuf among them) to different majors.
 */
export const DBT_CORE_VERSION = '1.9.4';
export const DBT_POSTGRES_VERSION = '1.9.0';
