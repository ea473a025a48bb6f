import type { Client, Entry } from 'ldapts';
import { isDnUnder } from './dn.js';
import { explainLdapError } from './ldap-errors.js';
import type { ReportSink, VerifyConfig } from './verify-ad-login.js';

/** Warn about mapped groups that do not exist, are spelled differently, or that FAB cannot see. */
export async function verifyMappedGroups(
  client: Client,
  config: VerifyConfig,
  server: string,
  sink: ReportSink,
): Promise<void> {
  const { settings } = config;
  const groups = [...new Set(settings.roleMapping.map((entry) => entry.group))];
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
}
