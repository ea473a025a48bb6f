import { readFileSync } from 'node:fs';
import { resolveSrv } from 'node:dns/promises';
import { join } from 'node:path';
import type { CheckResult } from '../check.js';
import { formatPrincipal } from '../../auth/kerberos/ccache.js';
import { MAX_CLOCK_SKEW_MS, measureClockSkew } from '../../auth/kerberos/kdc-time.js';
import { kdcAddress, parseKrb5Conf } from '../../auth/kerberos/krb5-conf.js';
import type { ResolvedWindowsAuth } from '../../auth/settings/settings.js';
import { readTicket } from '../../auth/kerberos/ticket-status.js';

const KRB5_CONF = 'docker/windows-auth/krb5.conf';

/** The KDCs of the realm: listed in the project's krb5.conf, else from DNS SRV records, as kinit finds them. */
export async function findKdcs(projectDir: string, realm: string): Promise<{ host: string; port: number }[]> {
  try {
    const listed = parseKrb5Conf(readFileSync(join(projectDir, KRB5_CONF), 'utf8')).realms[realm]?.kdc ?? [];
    if (listed.length > 0) return listed.map(kdcAddress);
  } catch {
    // No krb5.conf in the project: fall back to DNS.
  }
  try {
    const records = await resolveSrv(`_kerberos._tcp.${realm}`);
    return records.sort((a, b) => a.priority - b.priority).map((r) => ({ host: r.name, port: r.port }));
  } catch {
    return [];
  }
}

/**
 * Compare this machine's clock with the KDC's. The KDC's time comes from its own reply: an AS-REQ without
 * pre-authentication always earns a KRB-ERROR, and a KRB-ERROR carries the KDC's time (stime, susec).
 */
export async function checkClockSkew(
  projectDir: string,
  auth: ResolvedWindowsAuth,
  cacheFile: string,
  signal?: AbortSignal,
): Promise<CheckResult> {
  const id = 'kerberos.clock-skew';
  const title = 'Clock against the KDC';
  const kdcs = await findKdcs(projectDir, auth.realm);
  if (kdcs.length === 0) {
    return {
      id,
      title,
      status: 'warn',
      detail: `no KDC for ${auth.realm}: none listed in ${KRB5_CONF} and no _kerberos._tcp.${auth.realm} SRV record`,
      fix: 'connect the VPN, or list the KDCs: data-eng add windows-auth --kerberos-kdcs dc1.example.com',
    };
  }
  const ticket = auth.kerberos === 'host' ? readTicket(cacheFile) : undefined;
  const principal = ticket?.ok
    ? formatPrincipal(ticket.cache.principal).split('@')[0]!
    : auth.keytabPrincipal.split('@')[0]!;
  const failures: string[] = [];
  for (const kdc of kdcs) {
    if (signal?.aborted) break;
    try {
      const skew = await measureClockSkew({ ...kdc, realm: auth.realm, principal });
      const seconds = Math.abs(skew.skewMs) / 1000;
      const direction = skew.skewMs >= 0 ? 'ahead of' : 'behind';
      const detail = `the KDC ${kdc.host}:${kdc.port} is ${seconds.toFixed(1)} s ${direction} this machine (±${(skew.uncertaintyMs / 1000).toFixed(2)} s; measured from the time in the KDC's reply to a Kerberos request)`;
      if (Math.abs(skew.skewMs) - skew.uncertaintyMs > MAX_CLOCK_SKEW_MS) {
        return {
          id,
          title,
          status: 'fail',
          detail: `${detail}; Kerberos refuses more than 5 minutes`,
          fix: 'resync the clock: in WSL2 "sudo hwclock -s" (the clock drifts after sleep), elsewhere enable NTP',
        };
      }
      if (Math.abs(skew.skewMs) > 60_000) {
        return {
          id,
          title,
          status: 'warn',
          detail,
          fix: 'resync the clock before it drifts past 5 minutes: "sudo hwclock -s" in WSL2',
        };
      }
      return { id, title, status: 'pass', detail };
    } catch (error) {
      failures.push(`${kdc.host}:${kdc.port}: ${(error as Error).message}`);
    }
  }
  return {
    id,
    title,
    status: 'warn',
    detail: `could not reach a KDC of ${auth.realm} (${failures.join('; ')})`,
    fix: 'connect the VPN; from WSL2, test with: nc -vz KDC 88',
  };
}
