import type { AnswersOf, OptionSpec } from '../../lib/plugins/option-spec.js';
import { readAnswers } from '../../lib/config/read-answers.js';
import { domainToBaseDn, looksLikeDn } from '../../lib/auth/settings/dn.js';
import { readCaFile } from './ca-file.js';
import {
  adminMappingProblem,
  AIRFLOW_ROLES,
  defaultAdminGroup,
  roleMappingProblem,
} from '../../lib/auth/settings/role-mapping.js';
import {
  dcUrlsProblem,
  PROJECT_CA_FILE,
  resolveWindowsAuth,
  type ResolvedWindowsAuth,
  type WindowsAuthAnswers,
} from '../../lib/auth/settings/settings.js';

type Answers = Readonly<Record<string, unknown>>;

const urls = (answers: Answers): string[] =>
  Array.isArray(answers.dcUrls) ? answers.dcUrls.map(String) : [];
const usesLdapScheme = (answers: Answers): boolean =>
  urls(answers).some((url) => /^ldap:\/\//i.test(url.trim()));
const isPlain = (answers: Answers): boolean => usesLdapScheme(answers) && answers.startTls === false;
const KDC = /^(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::\d{1,5})?$/;

/** The questions of `yo data-eng:windows-auth`, in the order they are asked. */
export const WINDOWS_AUTH_OPTIONS = [
  {
    name: 'domain',
    flag: 'ad-domain',
    type: 'string',
    description: 'AD domain (DNS name)',
    default: 'corp.example.com',
    pattern: /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/,
    patternHint: 'use the DNS name of the domain, e.g. corp.example.com',
  },
  {
    name: 'realm',
    flag: 'ad-realm',
    type: 'string',
    description: 'Kerberos realm: the domain in capitals',
    default: (answers: Answers) => String(answers.domain).toUpperCase(),
    pattern: /^[A-Z0-9-]+(\.[A-Z0-9-]+)*$/,
    patternHint: 'use capitals, e.g. CORP.EXAMPLE.COM',
  },
  {
    name: 'dcUrls',
    flag: 'ad-dc-urls',
    type: 'string[]',
    description:
      'Domain controllers, tried in order: ldaps://host[:port], or ldap://host[:port] with StartTLS',
    default: (answers: Answers) => [`ldaps://${String(answers.domain)}`],
    validate: (value) => dcUrlsProblem(value as string[]),
  },
  {
    name: 'startTls',
    flag: 'ad-start-tls',
    type: 'boolean',
    description: 'Upgrade ldap:// connections with StartTLS (AD refuses password binds without it)',
    default: true,
    when: usesLdapScheme,
  },
  {
    name: 'allowPlainLdap',
    flag: 'ad-allow-plain-ldap',
    type: 'boolean',
    message: 'Really send AD passwords unencrypted over plain ldap://? (not recommended)',
    description: 'Accept plain ldap:// without TLS: passwords cross the network in clear text',
    default: false,
    when: isPlain,
    validate: (value, answers) =>
      isPlain(answers) && value !== true
        ? 'plain ldap:// without StartTLS sends passwords in clear text; use ldaps:// or StartTLS, or pass --ad-allow-plain-ldap to accept the risk'
        : undefined,
  },
  {
    name: 'caFile',
    flag: 'ad-ca-file',
    type: 'string',
    description: `Corporate root CA (PEM) that signs the DC certificates; copied to ${PROJECT_CA_FILE}`,
    default: PROJECT_CA_FILE,
    when: (answers: Answers) => !isPlain(answers),
    // Checked as it is answered, so a wrong path is asked again instead of ending the run after every question.
    validate: (value, answers, { dir }) =>
      String(value).trim() === ''
        ? 'give the path of the CA file (PEM)'
        : dir !== undefined && !isPlain(answers)
          ? readCaFile(String(value), dir).problem
          : undefined,
  },
  {
    name: 'bindUser',
    flag: 'ad-bind-user',
    type: 'string',
    description: 'Bind (service) account that searches AD: UPN or DN; its password goes to .env only',
    default: (answers: Answers) => `svc-airflow@${String(answers.domain)}`,
    pattern: /^\S(.*\S)?$/,
    patternHint: 'use a UPN (svc-airflow@corp.example.com) or a DN, on one line',
  },
  {
    name: 'userSearchBase',
    flag: 'ad-user-search-base',
    type: 'string',
    description: 'Where users (and, for nested groups, the mapped groups) live: a DN',
    default: (answers: Answers) => domainToBaseDn(String(answers.domain)),
    validate: (value) =>
      looksLikeDn(String(value))
        ? undefined
        : 'use a distinguished name, e.g. OU=Staff,DC=corp,DC=example,DC=com',
  },
  {
    name: 'loginAttribute',
    flag: 'ad-login-attribute',
    type: 'string',
    description:
      'What users type to sign in: sAMAccountName (alice) or userPrincipalName (alice@corp.example.com)',
    default: 'sAMAccountName',
    choices: ['sAMAccountName', 'userPrincipalName'],
  },
  {
    name: 'roleMapping',
    flag: 'ad-role-mapping',
    type: 'string[]',
    message: `AD groups to Airflow roles, as Role=GroupDN separated by ";" (roles: ${AIRFLOW_ROLES.join(', ')})`,
    description:
      'AD group to Airflow role mapping: Role=GroupDN entries, e.g. "Admin=CN=Airflow Admins,OU=Groups,DC=corp,DC=example,DC=com"',
    default: (answers: Answers) => [`Admin=${defaultAdminGroup(domainToBaseDn(String(answers.domain)))}`],
    // A project made before Admin was required keeps its mapping; auth verify warns about it.
    validate: (value, answers, { stored }) =>
      roleMappingProblem(value) ??
      (stored ? undefined : adminMappingProblem(value as string[], domainToBaseDn(String(answers.domain)))),
  },
  {
    name: 'defaultRole',
    flag: 'ad-default-role',
    type: 'string',
    description: 'Role for a user in no mapped group, or none to refuse them',
    default: 'Viewer',
    choices: ['Viewer', 'User', 'Op', 'none'],
    validate: (value, answers) =>
      value === 'none' && urlsOrEmpty(answers.roleMapping).length === 0
        ? 'with no mapped group and no default role nobody could sign in; map a group or pick a default role'
        : undefined,
  },
  {
    name: 'nestedGroups',
    flag: 'ad-nested-groups',
    type: 'boolean',
    description: 'Give roles through nested groups too (AD matching rule in chain)',
    default: true,
  },
  {
    name: 'syncRolesAtLogin',
    flag: 'ad-sync-roles',
    type: 'boolean',
    description: 'Recompute roles from AD at every login (otherwise only at the first)',
    default: true,
  },
  {
    name: 'kerberos',
    flag: 'kerberos-mode',
    type: 'string',
    description:
      'Kerberos tickets for connections: host (share your WSL2 ticket), keytab (a sidecar renews a service ticket) or none',
    default: 'host',
    choices: ['host', 'keytab', 'none'],
  },
  {
    name: 'ticketDir',
    flag: 'kerberos-ticket-dir',
    type: 'string',
    description: 'Host folder for your FILE ticket cache (mounted read-only; kinit writes krb5cc in it)',
    default: '/tmp/krb5cc_dir',
    when: (answers: Answers) => answers.kerberos === 'host',
    pattern: /^\/[A-Za-z0-9._@+/-]*$/,
    patternHint: 'use an absolute path of letters, digits and . _ @ + - only, e.g. /tmp/krb5cc_dir',
  },
  {
    name: 'kdcs',
    flag: 'kerberos-kdcs',
    type: 'string[]',
    description: 'KDCs for krb5.conf (host[:port]); empty finds them through DNS',
    default: [],
    when: (answers: Answers) => answers.kerberos !== 'none',
    validate: (value) => {
      const bad = (value as string[]).find((kdc) => !KDC.test(kdc));
      return bad === undefined ? undefined : `"${bad}" is not host[:port]`;
    },
  },
  {
    name: 'keytabPrincipal',
    flag: 'kerberos-principal',
    type: 'string',
    description: 'Service principal of the keytab the sidecar uses',
    default: (answers: Answers) => `svc-airflow@${String(answers.realm)}`,
    when: (answers: Answers) => answers.kerberos === 'keytab',
    pattern: /^[^@\s]+@[A-Z0-9.-]+$/,
    patternHint: 'use name@REALM, e.g. svc-airflow@CORP.EXAMPLE.COM',
  },
] as const satisfies readonly OptionSpec[];

function urlsOrEmpty(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The parts this one needs (it signs users in to Airflow): its component's `requires`, and the check of `--components`. */
export const WINDOWS_AUTH_REQUIRES: readonly string[] = ['airflow'];

/** The table's answers are what resolveWindowsAuth reads: a change to either that breaks the other fails to compile. */
const TABLE_FITS: (answers: AnswersOf<typeof WINDOWS_AUTH_OPTIONS>) => WindowsAuthAnswers = (answers) =>
  answers;

/** windows-auth's settings, resolved once from its stored answers: what `settingsOf('windows-auth')` gives. */
export function windowsAuthSettings(answers: Readonly<Record<string, unknown>>): ResolvedWindowsAuth {
  return resolveWindowsAuth(TABLE_FITS(readAnswers(WINDOWS_AUTH_OPTIONS, answers, 'windows-auth')));
}
