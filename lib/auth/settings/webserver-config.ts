import { pythonString } from '../../render/escape.js';
import { fabRolesMapping } from './role-mapping.js';
import type { ResolvedWindowsAuth } from './settings.js';
import { MATCHING_RULE_IN_CHAIN, USER_SEARCH_FILTER } from './settings.js';

/** Where the process that reads webserver_config.py finds what the file refers to. */
export interface WebserverConfigPlace {
  /** Who writes the file and how to change it: the docstring's second paragraph. */
  readonly origin: string;
  /** Absolute path of the corporate root CA inside the container or pod. */
  readonly caPath: string;
  /** The environment variable that holds the bind account's password. */
  readonly bindPasswordVariable: string;
}

const bool = (value: boolean): string => (value ? 'True' : 'False');

const TRANSPORT_NOTE = {
  ldaps: 'LDAPS: TLS from the first byte, so no StartTLS.',
  starttls: 'StartTLS upgrades the ldap:// connection before any password is sent.',
  plain: 'Plain ldap:// without TLS, accepted explicitly: passwords cross the network unencrypted.',
} as const;

/**
 * The security manager: nested groups found with AD's matching rule in chain (the FAB provider that Airflow
 * 3.0's constraints pin, 2.4.1 with Flask-AppBuilder 4.6.3, has no such setting), and, with no default
 * role, the refusal of users in none of the mapped groups. Built on the provider's own class, so the
 * login itself stays the provider's.
 */
function securityManager(auth: ResolvedWindowsAuth): string[] {
  const nested = auth.nestedGroups;
  const refuse = auth.defaultRole === 'none';
  if (!nested && !refuse) return [];
  const lines = [
    '',
    'from airflow.providers.fab.auth_manager.security_manager.override import (  # noqa: E402',
    '    FabAirflowSecurityManagerOverride,',
    ')',
    '',
  ];
  if (refuse) {
    lines.push(
      'MAPPED_ROLES = frozenset(role for roles in AUTH_ROLES_MAPPING.values() for role in roles)',
      '',
    );
  }
  lines.push(
    '',
    'class ActiveDirectorySecurityManager(FabAirflowSecurityManagerOverride):',
    `    """${[
      nested ? 'Adds the mapped groups a user is in through nested groups' : '',
      refuse ? 'refuses AD users who are in none of the mapped groups' : '',
    ]
      .filter(Boolean)
      .join(', and ')
      .replace(/^r/, 'R')}."""`,
  );
  if (nested) {
    lines.push(
      '',
      '    def _search_ldap(self, ldap, con, username):',
      '        user_dn, user_info = super()._search_ldap(ldap, con, username)',
      '        if user_dn and AUTH_ROLES_MAPPING:',
      '            from ldap.filter import escape_filter_chars',
      '',
      '            groups = user_info.setdefault(AUTH_LDAP_GROUP_FIELD, [])',
      '            direct = {group.decode("utf-8").lower() for group in groups}',
      `            member = "(member:${MATCHING_RULE_IN_CHAIN}:=%s)" % escape_filter_chars(user_dn)`,
      '            for group_dn in AUTH_ROLES_MAPPING:',
      '                if group_dn.lower() in direct:',
      '                    continue',
      '                try:',
      '                    found = con.search_s(group_dn, ldap.SCOPE_BASE, member, ["1.1"])',
      '                except ldap.NO_SUCH_OBJECT:',
      '                    log.warning("AUTH_ROLES_MAPPING names %s, which is not in AD", group_dn)',
      '                    continue',
      '                except ldap.LDAPError as error:',
      '                    log.warning("Cannot check membership of %s: %s", group_dn, error)',
      '                    continue',
      '                if any(dn for dn, _ in found):',
      '                    groups.append(group_dn.encode("utf-8"))',
      '        return user_dn, user_info',
    );
  }
  if (refuse) {
    lines.push(
      '',
      '    def auth_user_ldap(self, username, password, *args, **kwargs):',
      '        user = super().auth_user_ldap(username, password, *args, **kwargs)',
      '        if user is not None and not MAPPED_ROLES.intersection(role.name for role in user.roles):',
      '            log.warning("Refused %s: in none of the AD groups of AUTH_ROLES_MAPPING", username)',
      '            return None',
      '        return user',
    );
  }
  lines.push('', '', 'SECURITY_MANAGER_CLASS = ActiveDirectorySecurityManager');
  return lines;
}

/**
 * webserver_config.py for AD login through the FAB auth manager: the one renderer, used by the windows-auth
 * component (compose) and by orchestrators that deploy elsewhere (the Helm values).
 */
export function renderWebserverConfig(auth: ResolvedWindowsAuth, place: WebserverConfigPlace): string {
  const mapping = fabRolesMapping(auth.roleMapping);
  const lines = [
    `"""Sign-in to the Airflow UI with Active Directory accounts, read by the FAB auth manager.`,
    '',
    place.origin,
    '"""',
    '',
    'from __future__ import annotations',
    '',
    'import logging',
    'import os',
    '',
    'from flask_appbuilder.const import AUTH_LDAP',
    '',
    'log = logging.getLogger(__name__)',
    '',
    '',
    'def _secret(name: str) -> str:',
    '    """A secret from the file NAME_FILE names, else from the environment variable NAME."""',
    '    path = os.environ.get(name + "_FILE")',
    '    if path:',
    '        with open(path, encoding="utf-8") as handle:',
    '            return handle.read()',
    '    return os.environ.get(name, "")',
    '',
    '',
    'WTF_CSRF_ENABLED = True',
    'AUTH_TYPE = AUTH_LDAP',
    '',
    '# Domain controllers, tried in order (python-ldap takes a space-separated list).',
    `AUTH_LDAP_SERVER = ${pythonString(auth.dcUrls.map((url) => url.url).join(' '))}`,
    `# ${TRANSPORT_NOTE[auth.transport]}`,
    `AUTH_LDAP_USE_TLS = ${bool(auth.transport === 'starttls')}`,
    ...(auth.transport === 'plain'
      ? []
      : [
          "# Verify the DC's certificate against the corporate root CA; never accept self-signed certificates.",
          'AUTH_LDAP_ALLOW_SELF_SIGNED = False',
          'AUTH_LDAP_TLS_DEMAND = True',
          `AUTH_LDAP_TLS_CACERTFILE = ${pythonString(place.caPath)}`,
        ]),
    '',
    '# The bind (service) account searches AD; its password comes from the secret file <VARIABLE>_FILE names',
    '# (compose mounts it from .env) or from the environment (a Kubernetes Secret), never from this file.',
    `AUTH_LDAP_BIND_USER = ${pythonString(auth.bindUser)}`,
    `AUTH_LDAP_BIND_PASSWORD = _secret(${pythonString(place.bindPasswordVariable)})`,
    '',
    '# Users are looked up under this DN by what they type at the login page.',
    `AUTH_LDAP_SEARCH = ${pythonString(auth.userSearchBase)}`,
    `AUTH_LDAP_SEARCH_FILTER = ${pythonString(USER_SEARCH_FILTER)}`,
    `AUTH_LDAP_UID_FIELD = ${pythonString(auth.loginAttribute)}`,
    'AUTH_LDAP_FIRSTNAME_FIELD = "givenName"',
    'AUTH_LDAP_LASTNAME_FIELD = "sn"',
    'AUTH_LDAP_EMAIL_FIELD = "mail"',
    '',
    "# Roles come from the user's groups: memberOf, plus (when nested groups are on) each mapped group that",
    "# contains them through other groups, found by the security manager below with AD's matching rule in chain.",
    'AUTH_LDAP_GROUP_FIELD = "memberOf"',
    '',
    '# AD group DN (spelled exactly as AD does: FAB compares strings) -> Airflow roles. Admin comes only from here.',
    'AUTH_ROLES_MAPPING = {',
    ...Object.entries(mapping).map(
      ([group, roles]) => `    ${pythonString(group)}: [${roles.map(pythonString).join(', ')}],`,
    ),
    '}',
    '# Recompute roles from AD at every login, so removing someone from a group takes effect.',
    `AUTH_ROLES_SYNC_AT_LOGIN = ${bool(auth.syncRolesAtLogin)}`,
    '',
    '# The first login of an AD user creates their Airflow user.',
    'AUTH_USER_REGISTRATION = True',
    ...(auth.defaultRole === 'none'
      ? [
          '# No default role: "Public" carries no permissions, and the security manager below refuses the login of',
          '# anyone in none of the mapped groups.',
          'AUTH_USER_REGISTRATION_ROLE = "Public"',
        ]
      : [
          '# FAB gives this role to every AD user, on top of the roles of their mapped groups.',
          `AUTH_USER_REGISTRATION_ROLE = ${pythonString(auth.defaultRole)}`,
        ]),
    ...securityManager(auth),
  ];
  return `${lines.join('\n')}\n`;
}
