/** The windows-auth answers the cluster rendering reads (stored under "windows-auth" in .yo-rc.json). */
export interface WindowsAuthAnswers {
  readonly domain: string;
  readonly realm: string;
  readonly dcUrls: readonly string[];
  readonly startTls: boolean;
  readonly bindUser: string;
  readonly userSearchBase: string;
  readonly loginAttribute: string;
  /** Role -> group DNs. */
  readonly roleMapping: readonly { readonly role: string; readonly group: string }[];
  /** A role, or none to refuse users in no mapped group. */
  readonly defaultRole: string;
  readonly nestedGroups: boolean;
  readonly syncRolesAtLogin: boolean;
  readonly kerberos: 'host' | 'keytab' | 'none';
  readonly kdcs: readonly string[];
  readonly keytabPrincipal: string;
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

/** "Admin=CN=Airflow Admins,OU=Groups,DC=corp,..." entries: the role, then the group DN after the first "=". */
function roleMapping(value: unknown): WindowsAuthAnswers['roleMapping'] {
  return strings(value).flatMap((entry) => {
    const at = entry.indexOf('=');
    return at > 0 ? [{ role: entry.slice(0, at).trim(), group: entry.slice(at + 1).trim() }] : [];
  });
}

/** Read the stored answers, with the windows-auth generator's defaults for anything missing. */
export function readWindowsAuth(raw: Readonly<Record<string, unknown>>): WindowsAuthAnswers {
  const domain = String(raw.domain ?? 'corp.example.com');
  const realm = String(raw.realm ?? domain.toUpperCase());
  const bindUser = String(raw.bindUser ?? `svc-airflow@${domain}`);
  const kerberos = raw.kerberos === 'keytab' || raw.kerberos === 'none' ? raw.kerberos : 'host';
  return {
    domain,
    realm,
    dcUrls: strings(raw.dcUrls).length ? strings(raw.dcUrls) : [`ldaps://${domain}`],
    startTls: raw.startTls !== false,
    bindUser,
    userSearchBase: String(
      raw.userSearchBase ??
        domain
          .split('.')
          .map((part) => `DC=${part}`)
          .join(','),
    ),
    loginAttribute: String(raw.loginAttribute ?? 'sAMAccountName'),
    roleMapping: roleMapping(raw.roleMapping),
    defaultRole: String(raw.defaultRole ?? 'Viewer'),
    nestedGroups: raw.nestedGroups !== false,
    syncRolesAtLogin: raw.syncRolesAtLogin !== false,
    kerberos,
    kdcs: strings(raw.kdcs),
    keytabPrincipal: String(
      raw.keytabPrincipal ?? `${bindUser.split('@')[0]!.replace(/^CN=([^,]+),.*$/i, '$1')}@${realm}`,
    ),
  };
}
