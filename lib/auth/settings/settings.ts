import type { DefaultRole, RoleMappingEntry } from './role-mapping.js';
import { parseRoleMapping } from './role-mapping.js';

/** Where the project keeps the corporate root CA (a copy of the file the user named). */
export const PROJECT_CA_FILE = 'certs/ad-ca.pem';
/** The `.env` variable with the bind account's password; the user fills it in. */
export const BIND_PASSWORD_VARIABLE = 'AD_BIND_PASSWORD';
/** The `.env` variable with the service keytab, base64-encoded, for the keytab mode. */
export const KEYTAB_VARIABLE = 'KRB5_KEYTAB_BASE64';
/** The ticket cache file inside the shared folder: KRB5CCNAME=FILE:<folder>/krb5cc. */
export const CCACHE_FILE_NAME = 'krb5cc';
/** AD's LDAP_MATCHING_RULE_IN_CHAIN: membership through any depth of nested groups. */
export const MATCHING_RULE_IN_CHAIN = '1.2.840.113556.1.4.1941';
/** Users only: AD also lists computers (sAMAccountName ending in $) and contacts under a search base. */
export const USER_SEARCH_FILTER = '(&(objectCategory=person)(objectClass=user))';

/** How the LDAP connection is protected. */
export type LdapTransport = 'ldaps' | 'starttls' | 'plain';
/** Where the containers' Kerberos ticket comes from. */
export type KerberosMode = 'host' | 'keytab' | 'none';
/** The AD attribute users type at the login page. */
export type LoginAttribute = 'sAMAccountName' | 'userPrincipalName';

/** A domain controller URL, port filled in. */
export interface LdapUrl {
  readonly scheme: 'ldap' | 'ldaps';
  readonly host: string;
  readonly port: number;
  /** scheme://host:port, with the port always written. */
  readonly url: string;
}

const URL_PATTERN = /^(ldaps?):\/\/(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?\/?$/;

/** Parse ldap://host[:port] or ldaps://host[:port]; undefined when it is neither. */
export function parseLdapUrl(text: string): LdapUrl | undefined {
  const match = URL_PATTERN.exec(text.trim());
  if (!match) return undefined;
  const scheme = match[1] as 'ldap' | 'ldaps';
  const port = match[3] ? Number(match[3]) : scheme === 'ldaps' ? 636 : 389;
  if (port < 1 || port > 65535) return undefined;
  return { scheme, host: match[2]!, port, url: `${scheme}://${match[2]!}:${port}` };
}

/** The problem with a list of DC URLs as one phrase, or undefined when they are usable together. */
export function dcUrlsProblem(urls: readonly string[]): string | undefined {
  if (urls.length === 0) return 'give at least one domain controller, e.g. ldaps://dc1.corp.example.com';
  const bad = urls.find((url) => !parseLdapUrl(url));
  if (bad !== undefined) return `"${bad}" is not ldaps://host[:port] or ldap://host[:port]`;
  const schemes = new Set(urls.map((url) => parseLdapUrl(url)!.scheme));
  if (schemes.size > 1) {
    return 'use either only ldaps:// or only ldap:// URLs: Airflow has one TLS setting for all of them';
  }
  return undefined;
}

/** Everything the login, the verifier and the doctor need, from the stored answers. */
export interface ResolvedWindowsAuth {
  readonly domain: string;
  readonly realm: string;
  readonly dcUrls: readonly LdapUrl[];
  readonly transport: LdapTransport;
  /** Project-relative path of the CA file; undefined for plain LDAP. */
  readonly caFile?: string;
  readonly bindUser: string;
  readonly userSearchBase: string;
  readonly loginAttribute: LoginAttribute;
  readonly roleMapping: readonly RoleMappingEntry[];
  readonly defaultRole: DefaultRole;
  readonly nestedGroups: boolean;
  readonly syncRolesAtLogin: boolean;
  readonly kerberos: KerberosMode;
  /** Host folder holding the shared FILE ticket cache (host mode). */
  readonly ticketDir: string;
  /** KDCs listed in krb5.conf; empty means DNS SRV lookup. */
  readonly kdcs: readonly string[];
  /** The service principal whose keytab the sidecar uses (keytab mode). */
  readonly keytabPrincipal: string;
}

function list(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' && value ? [value] : [];
}

/**
 * Turn validated answers (see generators/windows-auth/options.ts) into the resolved settings.
 * Throws one sentence if the answers are not usable, e.g. hand-edited .yo-rc.json.
 */
export function resolveWindowsAuth(answers: Readonly<Record<string, unknown>>): ResolvedWindowsAuth {
  const urls = list(answers.dcUrls);
  const problem = dcUrlsProblem(urls);
  if (problem) throw new Error(`windows-auth.dcUrls in .yo-rc.json is not usable: ${problem}.`);
  const dcUrls = urls.map((url) => parseLdapUrl(url)!);
  const transport: LdapTransport =
    dcUrls[0]!.scheme === 'ldaps' ? 'ldaps' : answers.startTls === false ? 'plain' : 'starttls';
  const realm = String(answers.realm ?? String(answers.domain).toUpperCase());
  return {
    domain: String(answers.domain),
    realm,
    dcUrls,
    transport,
    ...(transport === 'plain' ? {} : { caFile: String(answers.caFile ?? PROJECT_CA_FILE) }),
    bindUser: String(answers.bindUser),
    userSearchBase: String(answers.userSearchBase),
    loginAttribute: answers.loginAttribute === 'userPrincipalName' ? 'userPrincipalName' : 'sAMAccountName',
    roleMapping: parseRoleMapping(list(answers.roleMapping)),
    defaultRole: (answers.defaultRole as DefaultRole | undefined) ?? 'Viewer',
    nestedGroups: answers.nestedGroups !== false,
    syncRolesAtLogin: answers.syncRolesAtLogin !== false,
    kerberos: (answers.kerberos as KerberosMode | undefined) ?? 'host',
    ticketDir: String(answers.ticketDir ?? '/tmp/krb5cc_dir').replace(/\/+$/, ''),
    kdcs: list(answers.kdcs),
    keytabPrincipal: String(answers.keytabPrincipal ?? `svc-airflow@${realm}`),
  };
}
