/** Facts about Airflow itself that several parts of the project need: written here once, imported elsewhere. */

/** Import paths of Airflow 3's auth managers, as `[core] auth_manager` takes them. */
export const AIRFLOW_AUTH_MANAGERS = {
  simple: 'airflow.api_fastapi.auth.managers.simple.simple_auth_manager.SimpleAuthManager',
  fab: 'airflow.providers.fab.auth_manager.fab_auth_manager.FabAuthManager',
} as const;
