import type { Client, Entry } from 'ldapts';
import { escapeFilterValue, isDnUnder } from '../settings/dn.js';
import { MATCHING_RULE_IN_CHAIN, USER_SEARCH_FILTER } from '../settings/settings.js';

/** LDAP result code sizeLimitExceeded (RFC 4511). */
const SIZE_LIMIT_EXCEEDED = 4;
import { explainLdapError } from './ldap-errors.js';
import type { ReportSink, VerifyConfig } from './verify-types.js';

/** Warn about mapped groups that do not exist, are spelled differently, or that FAB cannot see. */
export async function verifyMappedGroups(
  client: Client,
  config: VerifyConfig,
  server: string,
  sink: ReportSink,
): Promise<void> {
  const { settings } = config;
  const groups = [...new Set(settings.roleMapping.map((entry) => entry.group))];
  const existing = new Set<string>();
  for (const group of groups) {
    let found: Entry | undefined;
    try {
      const { searchEntries } = await client.search(group, {
        scope: 'base',
        filter: '(objectClass=group)',
        attributes: ['distinguishedName'],
      });
      found = searchEntries[0];
    } catch (error) {
      const problem = explainLdapError(error, { url: server, step: 'search', searchBase: group });
      if (problem.code !== 'search-base-not-found') throw error;
    }
    if (!found) {
      sink.problem({
        code: 'group-not-found',
        severity: 'warning',
        cause: `the mapped group ${group} does not exist in AD, so its role is never given`,
        fix: "copy the group's distinguishedName from AD (Get-ADGroup NAME | Select DistinguishedName) into the mapping",
      });
      continue;
    }
    existing.add(group);
    if (found.dn !== group) {
      sink.problem({
        code: 'group-spelling',
        severity: 'warning',
        cause: `the mapping names ${group}, but AD spells it ${found.dn}; Airflow compares the two exactly, so it never matches`,
        fix: `write it exactly as AD does: data-eng add windows-auth --ad-role-mapping "...=${found.dn}"`,
      });
    }
    if (settings.nestedGroups && !isDnUnder(found.dn, settings.userSearchBase)) {
      sink.problem({
        code: 'group-outside-search-base',
        severity: 'warning',
        cause: `${found.dn} lies outside the user search base; Airflow looks for nested groups only under ${settings.userSearchBase}, so only direct members get its role`,
        fix: 'choose a user search base that contains both the users and the mapped groups (e.g. the domain root)',
      });
    }
  }
  if (groups.length > 0) sink.step(true, `Checked the ${groups.length} mapped group(s) in AD`);
  await verifySomeoneIsAdmin(client, config, server, existing, sink);
}

/**
 * Under AD login FAB looks every user up in AD, so the only Admins are the members of a group mapped to Admin:
 * warn when no group is, or when no user under the search base is in one (directly, or nested when on).
 */
async function verifySomeoneIsAdmin(
  client: Client,
  config: VerifyConfig,
  server: string,
  existing: ReadonlySet<string>,
  sink: ReportSink,
): Promise<void> {
  const { settings } = config;
  const adminGroups = [
    ...new Set(settings.roleMapping.filter((entry) => entry.role === 'Admin').map((entry) => entry.group)),
  ];
  if (adminGroups.length === 0) {
    sink.problem({
      code: 'no-admin-group',
      severity: 'warning',
      cause:
        "no AD group is mapped to Admin, and under AD login the database's users cannot sign in, so nobody can administer Airflow",
      fix: 'map one, keeping the other entries: data-eng add windows-auth --ad-role-mapping "Admin=CN=Airflow Admins,...;..."',
    });
    return;
  }
  // A missing group is already reported; whether anyone is Admin is known only from the groups that exist.
  const found = adminGroups.filter((group) => existing.has(group));
  if (found.length === 0) return;
  const memberOf = settings.nestedGroups ? `memberOf:${MATCHING_RULE_IN_CHAIN}:` : 'memberOf';
  for (const group of found) {
    let members: number;
    try {
      // One member is enough to know; a size limit keeps a large group from paging through AD.
      const { searchEntries } = await client.search(settings.userSearchBase, {
        scope: 'sub',
        filter: `(&${USER_SEARCH_FILTER}(${memberOf}=${escapeFilterValue(group)}))`,
        attributes: ['distinguishedName'],
        sizeLimit: 1,
      });
      members = searchEntries.length;
    } catch (error) {
      // AD ends a search that reached the size limit with an error: a member was found.
      if ((error as { code?: unknown }).code === SIZE_LIMIT_EXCEEDED) members = 1;
      else {
        const problem = explainLdapError(error, {
          url: server,
          step: 'search',
          searchBase: settings.userSearchBase,
        });
        sink.problem({
          ...problem,
          severity: 'warning',
          cause: `could not tell whether anyone is in ${group}: ${problem.cause}`,
        });
        return;
      }
    }
    if (members > 0) {
      sink.step(true, `Someone under the search base is Admin through ${group}`);
      return;
    }
  }
  sink.problem({
    code: 'no-admin-member',
    severity: 'warning',
    cause: `no user under ${settings.userSearchBase} is a member of ${found.join(' or ')}${settings.nestedGroups ? ' (nested groups included)' : ''}, so nobody can administer Airflow`,
    fix: `add an administrator to the group in AD (Add-ADGroupMember -Identity "${found[0]!}" -Members <account>)`,
  });
}
