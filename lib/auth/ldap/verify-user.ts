import type { Client, Entry } from 'ldapts';
import { domainToBaseDn, escapeFilterValue, firstRdnValue } from '../settings/dn.js';
import { explainLdapError } from './ldap-errors.js';
import { values } from './ldap-session.js';
import type { RoleGrant, UserGroup } from '../settings/role-mapping.js';
import { computeRoles } from '../settings/role-mapping.js';
import { MATCHING_RULE_IN_CHAIN, USER_SEARCH_FILTER } from '../settings/settings.js';
import type { ReportSink, VerifyConfig, VerifyRequest } from './verify-types.js';

/** The user as found in AD, with their groups. */
export interface VerifiedUser {
  readonly login: string;
  readonly dn: string;
  /** Direct groups (memberOf) and, with nested groups on, those found through the chain. */
  readonly groups: readonly UserGroup[];
}

const ACCOUNT_DISABLED = 0x2;
const LOCKED_OUT = 0x10;
const PASSWORD_EXPIRED = 0x800000;

async function findUsers(client: Client, base: string, attribute: string, login: string): Promise<Entry[]> {
  const filter = `(&${USER_SEARCH_FILTER}(${attribute}=${escapeFilterValue(login)}))`;
  const { searchEntries } = await client.search(base, {
    scope: 'sub',
    filter,
    attributes: ['memberOf', 'userAccountControl', 'msDS-User-Account-Control-Computed'],
  });
  return searchEntries;
}

async function nestedGroups(client: Client, base: string, userDn: string): Promise<string[]> {
  // Every group the user is in through the chain, under the user search base (where mapped groups are expected
  // to live), so near misses can be reported too. The generated security manager asks the same matching rule,
  // but only of each mapped group (lib/auth/settings/webserver-config.ts).
  const filter = `(&(objectCategory=Group)(member:${MATCHING_RULE_IN_CHAIN}:=${escapeFilterValue(userDn)}))`;
  const { searchEntries } = await client.search(base, { scope: 'sub', filter, attributes: ['cn'] });
  return searchEntries.map((entry) => entry.dn);
}

function accountProblems(entry: Entry, login: string, sink: ReportSink): void {
  const flags = Number(values(entry, 'userAccountControl')[0] ?? 0);
  const computed = Number(values(entry, 'msDS-User-Account-Control-Computed')[0] ?? 0);
  const found = [
    [flags & ACCOUNT_DISABLED, 'account-disabled', 'is disabled in AD', 'ask the AD team to enable it'],
    [
      computed & LOCKED_OUT,
      'account-locked',
      'is locked out',
      'wait for the lockout to end or ask the AD team',
    ],
    [computed & PASSWORD_EXPIRED, 'password-expired', 'has an expired password', 'change it on Windows'],
  ] as const;
  for (const [flag, code, what, fix] of found) {
    if (flag)
      sink.problem({ code, severity: 'error', cause: `${login} ${what}, so AD refuses the login`, fix });
  }
}

/** Find the user, collect their groups, compute roles and optionally test their password. */
export async function verifyUser(
  client: Client,
  config: VerifyConfig,
  server: string,
  request: VerifyRequest,
  sink: ReportSink,
): Promise<{ user?: VerifiedUser; roles: RoleGrant[]; refused: boolean }> {
  const { settings } = config;
  const login = request.user!;
  const attribute = settings.loginAttribute;
  const entries = await findUsers(client, settings.userSearchBase, attribute, login);
  if (entries.length !== 1) {
    sink.problem(await lookupProblem(client, config, login, entries));
    sink.step(false, `Looked for ${attribute}=${login} under ${settings.userSearchBase}`);
    return { roles: [], refused: false };
  }
  const entry = entries[0]!;
  const direct = values(entry, 'memberOf');
  const groups: UserGroup[] = direct.map((dn) => ({ dn, via: 'direct' }));
  if (settings.nestedGroups) {
    for (const dn of await nestedGroups(client, settings.userSearchBase, entry.dn)) {
      if (!direct.includes(dn)) groups.push({ dn, via: 'nested' });
    }
  }
  const nested = groups.length - direct.length;
  sink.step(true, `Found ${login}: ${entry.dn}`);
  sink.step(
    true,
    `Groups: ${direct.length} direct${settings.nestedGroups ? `, ${nested} more through nesting` : ' (nested groups off)'}`,
  );
  if (request.password === undefined) accountProblems(entry, login, sink);
  else await testPassword(client, entry.dn, login, request.password, server, sink);
  const roles = computeRoles({ entries: settings.roleMapping, groups, defaultRole: settings.defaultRole });
  for (const miss of roles.nearMisses) {
    sink.problem({
      code: 'group-spelling',
      severity: 'warning',
      cause: `the mapping names ${miss.mapped}, but AD spells it ${miss.actual}; Airflow compares the two exactly, so it never matches`,
      fix: `write it exactly as AD does: data-eng add windows-auth --ad-role-mapping "...=${miss.actual}"`,
    });
  }
  if (!roles.mapped && settings.roleMapping.length > 0) {
    const groupsList = [...new Set(settings.roleMapping.map((e) => firstRdnValue(e.group)))].join(', ');
    sink.problem({
      code: 'no-mapped-group',
      severity: roles.refused ? 'error' : 'warning',
      cause: roles.refused
        ? `${login} is in none of the mapped groups, and users without one are refused`
        : `${login} is in none of the mapped groups and gets only the default role ${settings.defaultRole}`,
      fix: `ask the AD team to add ${login} to one of: ${groupsList}${settings.nestedGroups ? '' : ' (directly: nested groups are off)'}`,
    });
  }
  return { user: { login, dn: entry.dn, groups }, roles: [...roles.grants], refused: roles.refused };
}

async function testPassword(
  client: Client,
  dn: string,
  login: string,
  password: string,
  server: string,
  sink: ReportSink,
): Promise<void> {
  if (password === '') {
    sink.problem({
      code: 'empty-password',
      severity: 'error',
      cause:
        'the password given on stdin is empty; AD treats that as an anonymous bind, which proves nothing',
      fix: 'pipe the real password: read -rs P && printf %s "$P" | data-eng auth verify --user NAME --password-stdin',
    });
    return;
  }
  try {
    await client.bind(dn, password);
    sink.step(true, `The password of ${login} is accepted`);
  } catch (error) {
    sink.problem(explainLdapError(error, { url: server, step: 'bind-user', account: login }));
    sink.step(false, `The password of ${login} is refused`);
  }
}

async function lookupProblem(client: Client, config: VerifyConfig, login: string, entries: Entry[]) {
  const { settings } = config;
  const attribute = settings.loginAttribute;
  if (entries.length > 1) {
    return {
      code: 'user-ambiguous',
      severity: 'error' as const,
      cause: `${attribute}=${login} matches ${entries.length} accounts under ${settings.userSearchBase} (${entries.map((e) => e.dn).join('; ')}); Airflow refuses ambiguous logins`,
      fix: 'narrow the user search base to the OU with the real accounts',
    };
  }
  const root = domainToBaseDn(settings.domain);
  const elsewhere = root === settings.userSearchBase ? [] : await findUsers(client, root, attribute, login);
  if (elsewhere.length > 0) {
    return {
      code: 'user-outside-search-base',
      severity: 'error' as const,
      cause: `${login} exists at ${elsewhere[0]!.dn}, outside the user search base ${settings.userSearchBase}`,
      fix: `widen the user search base (e.g. to ${root}) with data-eng add windows-auth`,
    };
  }
  const hint =
    attribute === 'sAMAccountName' && /[@\\]/.test(login)
      ? '; the login attribute is sAMAccountName, so type the short name (alice), not alice@domain or DOMAIN\\alice'
      : attribute === 'userPrincipalName' && !login.includes('@')
        ? '; the login attribute is userPrincipalName, so type name@domain'
        : '';
  return {
    code: 'user-not-found',
    severity: 'error' as const,
    cause: `no account has ${attribute}=${login} under ${settings.userSearchBase}${hint}`,
    fix: 'check the spelling and the login attribute (data-eng add windows-auth --ad-login-attribute)',
  };
}
