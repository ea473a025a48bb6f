import { windowsAuthKrb5Conf } from '../../lib/plugins/public-api.js';
import type { ResolvedWindowsAuth } from '../../lib/plugins/public-api.js';

/**
 * The chart's Kerberos settings: `airflow kerberos` renews a ticket from a keytab (the chart mounts the Secret
 * <release>-kerberos-keytab) in a sidecar of every worker pod; KubernetesExecutor task pods also get the init
 * container, so a task never starts without a ticket. A WSL2 host ticket cannot reach a cluster, so the host
 * mode of the compose stack becomes the keytab mode here.
 */
export function kerberosValues(
  auth: ResolvedWindowsAuth,
  executor: 'CeleryExecutor' | 'KubernetesExecutor',
): { kerberos: Record<string, unknown>; workers: Record<string, unknown> } | undefined {
  if (auth.kerberos === 'none') return undefined;
  return {
    kerberos: {
      enabled: true,
      principal: auth.keytabPrincipal,
      config: windowsAuthKrb5Conf(auth),
      reinitFrequency: 3600,
    },
    workers: {
      kerberosSidecar: { enabled: true },
      ...(executor === 'KubernetesExecutor' ? { kerberosInitContainer: { enabled: true } } : {}),
    },
  };
}
