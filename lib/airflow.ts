/** Facts about Airflow itself that several parts of the project need: written here once, imported elsewhere. */

/** Import paths of Airflow 3's auth managers, as `[core] auth_manager` takes them. */
export const AIRFLOW_AUTH_MANAGERS = {
  simple: 'airflow.api_fastapi.auth.managers.simple.simple_auth_manager.SimpleAuthManager',
  fab: 'airflow.providers.fab.auth_manager.fab_auth_manager.FabAuthManager',
} as const;

/**
 * Airflow's secrets backends for connections and variables, one per vault, with the provider that carries each
 * (its version is the one Airflow's constraints pin). Sources: the providers' "Secrets backends" pages.
 */
export const AIRFLOW_SECRETS_BACKENDS = {
  'azure-key-vault': {
    backend: 'airflow.providers.microsoft.azure.secrets.key_vault.AzureKeyVaultBackend',
    provider: 'apache-airflow-providers-microsoft-azure',
  },
  'hashicorp-vault': {
    backend: 'airflow.providers.hashicorp.secrets.vault.VaultBackend',
    provider: 'apache-airflow-providers-hashicorp',
  },
  'aws-secrets-manager': {
    backend: 'airflow.providers.amazon.aws.secrets.secrets_manager.SecretsManagerBackend',
    provider: 'apache-airflow-providers-amazon',
  },
} as const;

export type AirflowSecretsBackend = keyof typeof AIRFLOW_SECRETS_BACKENDS;

/**
 * `[secrets] backend` and `backend_kwargs` for one environment reading connections and variables from its vault:
 * Key Vault secrets airflow-connections-<id>, or <project>/<env>/connections/<id> in Vault and Secrets Manager.
 * The pods sign in as the cluster lets them (workload identity, Kubernetes auth, IRSA); no credential is here.
 */
export function secretsBackendSettings(
  backend: AirflowSecretsBackend,
  store: string,
  project: string,
  environment: string,
): Record<string, string> {
  const prefix = `${project}/${environment}`;
  const kwargs =
    backend === 'azure-key-vault'
      ? { connections_prefix: 'airflow-connections', variables_prefix: 'airflow-variables', vault_url: store }
      : backend === 'hashicorp-vault'
        ? {
            connections_path: `${prefix}/connections`,
            variables_path: `${prefix}/variables`,
            mount_point: 'secret',
            url: store.replace(/\/$/, ''),
            auth_type: 'kubernetes',
            kubernetes_role: `${project}-${environment}`,
          }
        : {
            connections_prefix: `${prefix}/connections`,
            variables_prefix: `${prefix}/variables`,
            region_name: store,
          };
  return {
    AIRFLOW__SECRETS__BACKEND: AIRFLOW_SECRETS_BACKENDS[backend].backend,
    AIRFLOW__SECRETS__BACKEND_KWARGS: JSON.stringify(kwargs),
  };
}

/**
 * Metadata-database connections one Airflow process may hold: `[database] sql_alchemy_pool_size` plus
 * `sql_alchemy_max_overflow`, rendered explicitly wherever the budget below is relied on.
 */
export const DATABASE_POOL = { size: 5, maxOverflow: 10 } as const;
/** API server processes per pod the budget counts, rendered as `[api] workers`. */
export const API_SERVER_WORKERS = 1;
/** Connections PostgreSQL keeps for superusers (`superuser_reserved_connections`' default). */
export const POSTGRES_RESERVED_CONNECTIONS = 3;
/** Server connections PgBouncer keeps for the Celery result backend (the chart's `resultBackendPoolSize` default). */
export const PGBOUNCER_RESULT_BACKEND_POOL = 5;

/** How many metadata-database connections a deployment may open, and how that compares to PostgreSQL's limit. */
export interface ConnectionBudget {
  /** Airflow processes that hold a pool: schedulers, API server workers, triggerers and the DAG processor. */
  readonly processes: number;
  /** The most connections they may open together (processes × pool). */
  readonly clients: number;
  /** What PostgreSQL accepts from Airflow: max_connections less the superuser reserve. */
  readonly available: number;
  /** With PgBouncer, the server connections it may open to the metadata database. */
  readonly serverPool?: number;
  /** Why it does not fit, in one sentence with the numbers and the fix; undefined when it fits. */
  readonly problem?: string;
}

/**
 * The metadata-database connection budget of a deployment with `replicas` schedulers, API servers and triggerers
 * and one DAG processor. Without PgBouncer every process connects directly, so all their pools must fit; with it,
 * PgBouncer accepts them all and opens at most the server pool, which must fit beside the result backend's.
 */
export function connectionBudget(
  replicas: number,
  maxConnections: number,
  pgbouncer: boolean,
): ConnectionBudget {
  const processes = replicas * (1 + API_SERVER_WORKERS + 1) + 1;
  const clients = processes * (DATABASE_POOL.size + DATABASE_POOL.maxOverflow);
  const available = maxConnections - POSTGRES_RESERVED_CONNECTIONS;
  const counted = `${processes} Airflow processes × ${DATABASE_POOL.size + DATABASE_POOL.maxOverflow} connections = ${clients}`;
  if (!pgbouncer)
    return clients <= available
      ? { processes, clients, available }
      : {
          processes,
          clients,
          available,
          problem: `${counted}, more than the ${available} PostgreSQL accepts (max_connections ${maxConnections} less ${POSTGRES_RESERVED_CONNECTIONS} reserved); put PgBouncer in front (--pgbouncer), lower --replicas, or raise max_connections and --database-max-connections`,
        };
  const serverPool = Math.min(clients, available - PGBOUNCER_RESULT_BACKEND_POOL);
  return serverPool >= DATABASE_POOL.size + DATABASE_POOL.maxOverflow
    ? { processes, clients, available, serverPool }
    : {
        processes,
        clients,
        available,
        serverPool,
        problem: `PgBouncer needs at least ${DATABASE_POOL.size + DATABASE_POOL.maxOverflow + PGBOUNCER_RESULT_BACKEND_POOL} server connections, and PostgreSQL accepts ${available} (max_connections ${maxConnections} less ${POSTGRES_RESERVED_CONNECTIONS} reserved); raise max_connections and --database-max-connections`,
      };
}
