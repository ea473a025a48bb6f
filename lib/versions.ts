/**
 * Every pinned version in one table, so a bump happens in one place.
 * Airflow: releases with published images and constraints files, and the Python versions each supports
 * among those we offer (3.11 to 3.13).
 */
export const AIRFLOW_RELEASES = {
  '3.0.6': ['3.11', '3.12'],
  '3.1.8': ['3.11', '3.12', '3.13'],
  '3.2.2': ['3.11', '3.12', '3.13'],
  '3.3.0': ['3.11', '3.12', '3.13'],
} as const satisfies Record<string, readonly string[]>;

export type AirflowVersion = keyof typeof AIRFLOW_RELEASES;
export const AIRFLOW_VERSIONS = Object.keys(AIRFLOW_RELEASES) as AirflowVersion[];
export const DEFAULT_AIRFLOW_VERSION: AirflowVersion = '3.0.6';
export const PYTHON_VERSIONS = ['3.11', '3.12', '3.13'] as const;
export const DEFAULT_PYTHON_VERSION = '3.12';

/** PostgreSQL majors with an official image whose data directory is /var/lib/postgresql/data. */
export const POSTGRES_VERSIONS = ['15', '16', '17'] as const;
export const DEFAULT_POSTGRES_VERSION = '16';

/** uv, used inside Dockerfile.airflow; copied from its published image. */
export const UV_VERSION = '0.8.22';
/** Redis for the Celery executor. */
export const REDIS_IMAGE = 'redis:7.2-bookworm';
