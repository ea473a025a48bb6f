import type { ResolvedWindowsAuth } from './settings.js';
import { kdcAddress } from '../kerberos/krb5-conf.js';

const hostOf = (host: string): string => (host.includes(':') ? `[${host}]` : host);

/**
 * krb5.conf for Active Directory, the one text the compose stack mounts (KRB5_CONFIG) and the Helm values give the
 * chart's Kerberos sidecar: no reverse DNS or name canonicalisation (AD SPNs use the names you connect to), TCP
 * only, forwardable and renewable tickets without addresses. `header` lines become the leading comment.
 */
export function renderKrb5Conf(auth: ResolvedWindowsAuth, header: readonly string[] = []): string {
  const kdcs = auth.kdcs.map(kdcAddress);
  const domain = auth.domain.toLowerCase();
  return [
    ...header.map((line) => `# ${line}`),
    ...(header.length > 0 ? [''] : []),
    '[libdefaults]',
    `    default_realm = ${auth.realm}`,
    '    dns_lookup_realm = false',
    ...(kdcs.length > 0
      ? ['    # KDCs are listed below.', '    dns_lookup_kdc = false']
      : [
          `    # KDCs come from DNS (_kerberos._tcp.${auth.realm} SRV records), as on domain-joined Windows.`,
          '    dns_lookup_kdc = true',
        ]),
    '    # Service names are never rewritten through DNS (AD SPNs use the names you connect to).',
    '    rdns = false',
    '    dns_canonicalize_hostname = false',
    '    # TCP only: AD tickets carry a PAC and outgrow UDP datagrams.',
    '    udp_preference_limit = 1',
    "    # Forwardable and renewable tickets (AD's defaults: 10 h lifetime, renewable for 7 days).",
    '    forwardable = true',
    '    ticket_lifetime = 10h',
    '    renew_lifetime = 7d',
    '    # Tickets without addresses: containers and pods reach the KDC through NAT.',
    '    noaddresses = true',
    '',
    '[realms]',
    `    ${auth.realm} = {`,
    ...kdcs.map((kdc) => `        kdc = ${hostOf(kdc.host)}:${kdc.port}`),
    ...(kdcs.length > 0 ? [`        admin_server = ${hostOf(kdcs[0]!.host)}`] : []),
    `        default_domain = ${domain}`,
    '    }',
    '',
    '[domain_realm]',
    `    .${domain} = ${auth.realm}`,
    `    ${domain} = ${auth.realm}`,
    '',
  ].join('\n');
}
