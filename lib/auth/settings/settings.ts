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

/**
 * The windows-auth answers as its option table types them (generators/windows-auth/options.ts checks that it
 * does): every question present, defaults already filled in.
 */
export interface WindowsAuthAnswers {
  readonly domain: string;
  readonly realm: string;
  readonly dcUrls: readonly string[];
  readonly startTls: boolean;
  readonly caFile: string;
  readonly bindUser: string;
  readonly userSearchBase: string;
  readonly loginAttribute: LoginAttribute;
  readonly roleMapping: readonly string[];
  readonly defaultRole: DefaultRole;
  readonly nestedGroups: boolean;
  readonly syncRolesAtLogin: boolean;
  readonly kerberos: KerberosMode;
  readonly ticketDir: string;
  readonly kdcs: readonly string[];
  readonly keytabPrincipal: string;
}

/**
 * Turn the answers into the resolved settings: URLs parsed, the transport decided, the role mapping parsed.
 * Throws one sentence if the answers are not usable, e.g. a hand-edited .yo-rc.json.
 */
export function resolveWindowsAuth(answers: WindowsAuthAnswers): ResolvedWindowsAuth {
  const problem = dcUrlsProblem(answers.dcUrls);
  if (problem) throw new Error(`windows-auth.dcUrls in .yo-rc.json is not usable: ${problem}.`);
  const dcUrls = answers.dcUrls.map((url) => parseLdapUrl(url)!);
  const transport: LdapTransport =
    dcUrls[0]!.scheme === 'ldaps' ? 'ldaps' : answers.startTls === false ? 'plain' : 'starttls';
  return {
    domain: answers.domain,
    realm: answers.realm,
    dcUrls,
    transport,
    ...(transport === 'plain' ? {} : { caFile: answers.caFile }),
    bindUser: answers.bindUser,
    userSearchBase: answers.userSearchBase,
    loginAttribute: answers.loginAttribute,
    roleMapping: parseRoleMapping(answers.roleMapping),
    defaultRole: answers.defaultRole,
    nestedGroups: answers.nestedGroups,
    syncRolesAtLogin: answers.syncRolesAtLogin,
    kerberos: answers.kerberos,
    ticketDir: answers.ticketDir.replace(/\/+$/, ''),
    kdcs: answers.kdcs,
    keytabPrincipal: answers.keytabPrincipal,
  };
}
