import { afterAll, beforeAll, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { testDirectory, testPrefix } from '../helpers/samba.js';
import { windowsAuthProject } from '../helpers/windows-auth-project.js';
import { describeWithServices } from '../helpers/services.js';
import { windowsAuthSettings } from '../../generators/windows-auth/options.js';
import { verifyAdLogin } from '../../lib/auth/ldap/verify-ad-login.js';

/**
 * The LDAP login of apache-airflow-providers-fab 2.4.1 (FabAirflowSecurityManagerOverride.auth_user_ldap with
 * _ldap_bind_indirect, _search_ldap, _ldap_calculate_user_roles), replayed with python-ldap, the library FAB
 * uses, on the settings of a generated webserver_config.py; the generated security manager's own
 * _search_ldap (nested groups) runs for real against the DC. Flask-AppBuilder itself cannot be installed
 * here; its LDAP calls can.
 */
const FAB_LOGIN = `
import json, os, runpy, sys, types
import ldap
const = types.ModuleType("flask_appbuilder.const"); const.AUTH_LDAP = 2
fab = types.ModuleType("flask_appbuilder"); fab.const = const
c = {}


class FabAirflowSecurityManagerOverride:
    """The provider's _search_ldap (apache-airflow-providers-fab 2.4.1, the version Airflow 3.0.6 pins), replayed."""

    def _search_ldap(self, ldap, con, username):
        filter_str = "(&%s(%s=%s))" % (c["AUTH_LDAP_SEARCH_FILTER"], c["AUTH_LDAP_UID_FIELD"], username)
        fields = [c["AUTH_LDAP_FIRSTNAME_FIELD"], c["AUTH_LDAP_LASTNAME_FIELD"], c["AUTH_LDAP_EMAIL_FIELD"]]
        if c["AUTH_ROLES_MAPPING"]:
            fields.append(c["AUTH_LDAP_GROUP_FIELD"])
        result = [(dn, a) for dn, a in con.search_s(c["AUTH_LDAP_SEARCH"], ldap.SCOPE_SUBTREE, filter_str, fields) if dn is not None and isinstance(a, dict)]
        return result[0] if len(result) == 1 else (None, None)


override = types.ModuleType("override"); override.FabAirflowSecurityManagerOverride = FabAirflowSecurityManagerOverride
sys.modules.update({"flask_appbuilder": fab, "flask_appbuilder.const": const,
    "airflow.providers.fab.auth_manager.security_manager.override": override})
c.update(runpy.run_path(sys.argv[1]))
manager = c.get("SECURITY_MANAGER_CLASS", FabAirflowSecurityManagerOverride)()
username, password, cafile = sys.argv[2], sys.argv[3], sys.argv[4]
try:
    ldap.set_option(ldap.OPT_X_TLS_CACERTFILE, cafile)  # the container path, mapped to the project's copy
    if c.get("AUTH_LDAP_ALLOW_SELF_SIGNED"):
        ldap.set_option(ldap.OPT_X_TLS_REQUIRE_CERT, ldap.OPT_X_TLS_ALLOW); ldap.set_option(ldap.OPT_X_TLS_NEWCTX, 0)
    elif c.get("AUTH_LDAP_TLS_DEMAND"):
        ldap.set_option(ldap.OPT_X_TLS_REQUIRE_CERT, ldap.OPT_X_TLS_DEMAND); ldap.set_option(ldap.OPT_X_TLS_NEWCTX, 0)
    con = ldap.initialize(c["AUTH_LDAP_SERVER"])
    con.set_option(ldap.OPT_REFERRALS, 0)
    if c["AUTH_LDAP_USE_TLS"]:
        con.start_tls_s()
    con.simple_bind_s(c["AUTH_LDAP_BIND_USER"], c["AUTH_LDAP_BIND_PASSWORD"])
    # The generated security manager's _search_ldap, run for real: nested groups come from it.
    user_dn, info = manager._search_ldap(ldap, con, username)
    if user_dn is None:
        print(json.dumps({"login": False, "reason": "not found"})); sys.exit(0)
    try:
        con.simple_bind_s(user_dn, password)
    except ldap.INVALID_CREDENTIALS as error:
        print(json.dumps({"login": False, "reason": error.args[0].get("info", "")})); sys.exit(0)
    keys = {x.decode("utf-8") for x in info.get(c["AUTH_LDAP_GROUP_FIELD"], []) if x.decode("utf-8")}
    roles = {r for key, rs in c["AUTH_ROLES_MAPPING"].items() if key in keys for r in rs}
    roles.add(c["AUTH_USER_REGISTRATION_ROLE"])
    print(json.dumps({"login": True, "roles": sorted(roles)}))
except ldap.LDAPError as error:
    print(json.dumps({"login": False, "reason": type(error).__name__}))
`;

function pythonLdapAvailable(): boolean {
  return spawnSync('/usr/bin/python3', ['-c', 'import ldap'], { stdio: 'ignore' }).status === 0;
}

describeWithServices("Airflow's FAB LDAP login with the generated webserver_config.py", (services) => {
  const prefix = testPrefix('wf');
  const directory = testDirectory(services, prefix);
  const projects: string[] = [];

  beforeAll(() => {
    if (!pythonLdapAvailable()) {
      throw new Error(
        'python-ldap is missing for /usr/bin/python3: apt-get install -y python3-ldap (scripts/services.sh installs it).',
      );
    }
    directory.create({
      users: ['svc', 'alice', 'bob', 'carol'],
      groups: ['admins', 'ops', 'team'],
      members: { admins: ['alice'], ops: ['alice', 'team'], team: ['bob'] },
      disabled: ['carol'],
    });
  });

  afterAll(() => {
    directory.remove();
    for (const project of projects) rmSync(project, { recursive: true, force: true });
  });

  it.each([
    ['LDAPS, nested groups on', services.ad.ldapsUrl, true],
    ['StartTLS, nested groups off', services.ad.ldapUrl, false],
  ])('%s: python-ldap signs in and gives the roles auth verify reports', async (_label, url, nested) => {
    const dir = directory;
    const project = await windowsAuthProject(services, `${prefix}-fab`, {
      'ad-dc-urls': url,
      'ad-bind-user': dir.upn('svc'),
      'ad-user-search-base': dir.ou,
      'ad-role-mapping': `Admin=${dir.groupDn('admins')};Op=${dir.groupDn('ops')}`,
      'ad-nested-groups': nested,
      'kerberos-mode': 'none',
    });
    projects.push(project);
    const config = join(project, 'docker/windows-auth/webserver_config.py');
    const ca = join(project, 'certs/ad-ca.pem');
    const answers = JSON.parse(readFileSync(join(project, '.yo-rc.json'), 'utf8'))['generator-data-eng'][
      'windows-auth'
    ];
    const settings = windowsAuthSettings(answers);
    const fabLogin = (user: string, secret: string) =>
      JSON.parse(
        execFileSync('/usr/bin/python3', ['-c', FAB_LOGIN, config, user, secret, ca], {
          encoding: 'utf8',
          env: { ...process.env, AD_BIND_PASSWORD: dir.password },
        }),
      ) as { login: boolean; roles?: string[]; reason?: string };

    for (const user of ['alice', 'bob']) {
      const login = `${prefix}-${user}`;
      const report = await verifyAdLogin(
        { settings, caPem: readFileSync(ca, 'utf8'), bindPassword: dir.password },
        { user: login, password: dir.password },
      );
      const fab = fabLogin(login, dir.password);
      expect(fab.login).toBe(true);
      expect(fab.roles).toEqual(report.roles.map((grant) => grant.role).sort());
    }
    expect(fabLogin(dir.name('bob'), dir.password).roles).toEqual(nested ? ['Op', 'Viewer'] : ['Viewer']);
    expect(fabLogin(dir.name('alice'), dir.password).roles).toEqual(['Admin', 'Op', 'Viewer']);

    const disabled = fabLogin(dir.name('carol'), dir.password);
    expect(disabled).toMatchObject({ login: false });
    expect(disabled.reason).toContain('data 533');
  });
});
