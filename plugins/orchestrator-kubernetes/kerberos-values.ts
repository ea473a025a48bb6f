import type { WindowsAuthAnswers } from './windows-auth-answers.js';

/** krb5.conf for the cluster's pods, tuned for AD: no reverse DNS, TCP, forwardable and renewable tickets. */
export function krb5Conf(auth: WindowsAuthAnswers): string {
  const kdcs = auth.kdcs.map((kdc) => `    kdc = ${kdc}`);
  return [
    '[libdefaults]',
    `  default_realm = ${auth.realm}`,
    `  dns_lookup_kdc = ${kdcs.length ? 'false' : 'true'}`,
    '  dns_lookup_realm = false',
    '  rdns = false',
    '  dns_canonicalize_hostname = false',
    '  udp_preference_limit = 1',
    '  forwardable = true',
    '  renew_lifetime = 7d',
    '  ticket_lifetime = 10h',
    '',
    '[realms]',
    `  ${auth.realm} = {`,
    ...kdcs.map((line) => `  ${line}`),
    '  }',
    '',
    '[domain_realm]',
    `  .${auth.domain} = ${auth.realm}`,
    `  ${auth.domain} = ${auth.realm}`,
    '',
  ].join('\n');
}

/**
 * The chart's Kerberos settings: `airflow kerberos` renews a ticket from a keytab (the chart mounts the Secret
 * <release>-kerberos-keytab) in a sidecar of every worker pod; KubernetesExecutor task pods also get the init
 * container, so a task never starts without a ticket. A WSL2 host ticket cannot reach a cluster, so the host
 * mode of the compose stack becomes the keytab mode here.
 */
export function kerberosValues(
  auth: WindowsAuthAnswers,
  executor: 'CeleryExecutor' | 'KubernetesExecutor',
): { kerberos: Record<string, unknown>; workers: Record<string, unknown> } | undefined {
  if (auth.kerberos === 'none') return undefined;
  return {
    kerberos: {
      enabled: true,
      principal: auth.keytabPrincipal,
      config: krb5Conf(auth),
      reinitFrequency: 3600,
    },
    workers: {
      kerberosSidecar: { enabled: true },
      ...(executor === 'KubernetesExecutor' ? { kerberosInitContainer: { enabled: true } } : {}),
    },
  };
}
