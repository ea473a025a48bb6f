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
