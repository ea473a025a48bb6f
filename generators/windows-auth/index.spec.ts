import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readJson, readYaml, runGenerator } from '../../__tests__/helpers/run-generator.js';
import { syntaxProblems } from '../../__tests__/helpers/airflow-syntax.js';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUTest\n-----END CERTIFICATE-----\n';
const ADMINS = 'CN=Airflow Admins,OU=Groups,DC=corp,DC=example,DC=com';
const OPS = 'CN=Airflow Ops,OU=Groups,DC=corp,DC=example,DC=com';

/** Where the CA files live, outside the projects, as on a user's laptop (Downloads, say). */
const downloads = mkdtempSync(join(tmpdir(), 'data-eng-wa-ca-'));
afterAll(() => rmSync(downloads, { recursive: true, force: true }));

/** A project with Airflow, and a CA file outside it. */
async function airflowProject(name: string): Promise<{ dir: string; ca: string }> {
  const result = await runGenerator('app', { name });
  const ca = join(downloads, `${name}-corp-root.pem`);
  writeFileSync(ca, PEM);
  return { dir: result.cwd, ca };
}

/** Execute a generated webserver_config.py with /usr/bin/python3, Flask-AppBuilder and Airflow stubbed, and return its settings. */
function pythonSettings(file: string, userRoles?: string[]): Record<string, any> {
  const script = `
import json, runpy, sys, types
const = types.ModuleType("flask_appbuilder.const"); const.AUTH_LDAP = 2
fab = types.ModuleType("flask_appbuilder"); fab.const = const
class Role:
    def __init__(self, name): self.name = name
class User:
    def __init__(self, roles): self.roles = [Role(r) for r in roles]
class Base:
    def __init__(self, user): self.user = user
    def auth_user_ldap(self, username, password, *args, **kwargs): return self.user
override = types.ModuleType("override"); override.FabAirflowSecurityManagerOverride = Base
for name, module in {"flask_appbuilder": fab, "flask_appbuilder.const": const,
        "airflow.providers.fab.auth_manager.security_manager.override": override}.items():
    sys.modules[name] = module
ns = runpy.run_path(sys.argv[1])
out = {k: v for k, v in ns.items() if k.isupper() and isinstance(v, (str, bool, int, dict, list))}
sm = ns.get("SECURITY_MANAGER_CLASS")
if sm is not None:
    out["security_manager_overrides"] = sorted(k for k in vars(sm) if not k.startswith("__"))
if sm is not None and len(sys.argv) > 2:
    out["login_allowed"] = sm(User(json.loads(sys.argv[2]))).auth_user_ldap("alice", "pw") is not None
print(json.dumps(out))
`;
  const args = ['-c', script, file, ...(userRoles ? [JSON.stringify(userRoles)] : [])];
  return JSON.parse(execFileSync('/usr/bin/python3', args, { encoding: 'utf8' })) as Record<string, any>;
}

describe('yo data-eng:windows-auth', () => {
  it('switches Airflow to the FAB auth manager with AD login, and shares the host ticket folder', async () => {
    const { dir, ca } = await airflowProject('wa-host');
    await runGenerator(
      'windows-auth',
      {
        'ad-ca-file': ca,
        'ad-dc-urls': 'ldap://dc1.corp.example.com,ldap://dc2.corp.example.com:3268',
        // A list flag arrives split on commas; the DNs must come back whole.
        'ad-role-mapping': `Admin=${ADMINS};Op=${OPS},Op=${ADMINS}`,
        'ad-user-search-base': 'DC=corp,DC=example,DC=com',
        'kerberos-ticket-dir': '/tmp/krb5cc_test',
      },
      dir,
    );
    const config = readJson(dir, '.yo-rc.json')['generator-data-eng']['windows-auth'];
    expect(config.roleMapping).toEqual([`Admin=${ADMINS}`, `Op=${OPS}`, `Op=${ADMINS}`]);
    expect(config.caFile).toBe('certs/ad-ca.pem');
    expect(readFileSync(join(dir, 'certs/ad-ca.pem'), 'utf8')).toBe(PEM);

    const compose = readYaml(dir, 'compose.yaml');
    for (const name of [
      'airflow-apiserver',
      'airflow-scheduler',
      'airflow-triggerer',
      'airflow-dag-processor',
    ]) {
      const service = compose.services[name];
      expect(service.environment.AIRFLOW__CORE__AUTH_MANAGER).toBe(
        'airflow.providers.fab.auth_manager.fab_auth_manager.FabAuthManager',
      );
      expect(service.environment.AIRFLOW__FAB__CONFIG_FILE).toBe(
        '/opt/data-eng/windows-auth/webserver_config.py',
      );
      expect(service.environment.AIRFLOW__KERBEROS__INCLUDE_IP).toBe('False');
      expect(service.environment.KRB5CCNAME).toBe('FILE:/opt/airflow/krb5cc/krb5cc');
      expect(service.environment.KRB5_CONFIG).toBe('/opt/data-eng/windows-auth/krb5.conf');
      expect(service.volumes).toEqual(
        expect.arrayContaining([
          '/tmp/krb5cc_test:/opt/airflow/krb5cc:ro',
          './docker/windows-auth:/opt/data-eng/windows-auth:ro',
          './certs:/opt/data-eng/certs:ro',
        ]),
      );
    }
    expect(compose.services['airflow-init'].environment.AIRFLOW__CORE__AUTH_MANAGER).toContain(
      'FabAuthManager',
    );
    expect(compose.services['airflow-init'].environment.KRB5CCNAME).toBeUndefined();
    // The bind password is a secret file of the api-server only, read by webserver_config.py.
    expect(compose.services['airflow-apiserver'].environment.AD_BIND_PASSWORD_FILE).toBe(
      '/run/secrets/ad_bind_password',
    );
    expect(compose.services['airflow-apiserver'].secrets).toContainEqual({
      source: 'ad_bind_password',
      target: '/run/secrets/ad_bind_password',
    });
    expect(compose.services['airflow-apiserver'].environment.AD_BIND_PASSWORD).toBeUndefined();
    expect(compose.services['airflow-scheduler'].environment.AD_BIND_PASSWORD_FILE).toBeUndefined();
    expect(compose.secrets.ad_bind_password).toEqual({ environment: 'AD_BIND_PASSWORD' });
    expect(compose.services.workspace.environment.KRB5CCNAME).toBe('FILE:/opt/airflow/krb5cc/krb5cc');

    const env = readFileSync(join(dir, '.env'), 'utf8');
    expect(env).toMatch(/^AD_BIND_PASSWORD=$/m);
    expect(readFileSync(join(dir, '.env.example'), 'utf8')).toMatch(/^AD_BIND_PASSWORD=$/m);

    const settings = pythonSettings(join(dir, 'docker/windows-auth/webserver_config.py'));
    expect(settings).toMatchObject({
      AUTH_TYPE: 2,
      AUTH_LDAP_SERVER: 'ldap://dc1.corp.example.com:389 ldap://dc2.corp.example.com:3268',
      AUTH_LDAP_USE_TLS: true,
      AUTH_LDAP_ALLOW_SELF_SIGNED: false,
      AUTH_LDAP_TLS_DEMAND: true,
      AUTH_LDAP_TLS_CACERTFILE: '/opt/data-eng/certs/ad-ca.pem',
      AUTH_LDAP_BIND_USER: 'svc-airflow@corp.example.com',
      AUTH_LDAP_BIND_PASSWORD: '',
      AUTH_LDAP_SEARCH: 'DC=corp,DC=example,DC=com',
      AUTH_LDAP_UID_FIELD: 'sAMAccountName',
      AUTH_LDAP_GROUP_FIELD: 'memberOf',
      // Nested groups: the security manager asks AD for each mapped group (the pinned provider cannot).
      security_manager_overrides: ['_search_ldap'],
      AUTH_ROLES_MAPPING: { [ADMINS]: ['Admin', 'Op'], [OPS]: ['Op'] },
      AUTH_ROLES_SYNC_AT_LOGIN: true,
      AUTH_USER_REGISTRATION: true,
      AUTH_USER_REGISTRATION_ROLE: 'Viewer',
    });

    const krb5 = readFileSync(join(dir, 'docker/windows-auth/krb5.conf'), 'utf8');
    for (const line of [
      'rdns = false',
      'udp_preference_limit = 1',
      'forwardable = true',
      'renew_lifetime = 7d',
      'dns_lookup_kdc = true',
    ]) {
      expect(krb5.split('\n').map((l) => l.trim())).toContain(line);
    }
    const script = join(dir, 'scripts/krb5-renew.sh');
    expect(statSync(script).mode & 0o777).toBe(0o755);
    execFileSync('bash', ['-n', script]);
    expect(readFileSync(script, 'utf8')).toContain('TICKET_DIR="${KRB5_TICKET_DIR:-/tmp/krb5cc_test}"');
    expect(existsSync(join(dir, 'scripts/systemd/data-eng-krb5-renew.timer'))).toBe(true);
    // Every generated file parses: Python compiles, YAML/JSON parse, scripts pass bash -n and shellcheck
    // (where installed, always in CI).
    expect(syntaxProblems(dir)).toEqual([]);
    expect(readFileSync(join(dir, 'docs/windows-auth.md'), 'utf8')).toContain(
      'export KRB5CCNAME=FILE:/tmp/krb5cc_test/krb5cc',
    );
  });

  it('keytab mode adds an airflow kerberos sidecar that shares the ticket through a volume', async () => {
    const { dir, ca } = await airflowProject('wa-keytab');
    await runGenerator(
      'windows-auth',
      {
        'ad-ca-file': ca,
        'kerberos-mode': 'keytab',
        'kerberos-kdcs': 'dc1.corp.example.com,dc2.corp.example.com:88',
      },
      dir,
    );
    const compose = readYaml(dir, 'compose.yaml');
    const sidecar = compose.services['airflow-kerberos'];
    expect(sidecar.command[0]).toBe('bash');
    expect(sidecar.command[2]).toContain('exec airflow kerberos');
    expect(sidecar.environment.AIRFLOW__KERBEROS__PRINCIPAL).toBe('svc-airflow@CORP.EXAMPLE.COM');
    expect(sidecar.environment.KRB5_KEYTAB_BASE64_FILE).toBe('/run/secrets/krb5_keytab_base64');
    expect(sidecar.environment.KRB5_KEYTAB_BASE64).toBeUndefined();
    expect(sidecar.secrets.map((s: any) => s.source)).toContain('krb5_keytab_base64');
    expect(sidecar.volumes).toContain('krb5-ccache:/opt/airflow/krb5cc');
    expect(compose.volumes['krb5-ccache']).toBeDefined();
    expect(compose.services['airflow-scheduler'].volumes).toContain('krb5-ccache:/opt/airflow/krb5cc:ro');
    expect(compose.services['airflow-scheduler'].depends_on['airflow-kerberos']).toEqual({
      condition: 'service_healthy',
    });
    expect(compose.services['airflow-init'].depends_on['airflow-kerberos']).toBeUndefined();
    expect(compose.services['airflow-apiserver'].depends_on['airflow-kerberos']).toBeUndefined();
    expect(sidecar.depends_on['airflow-init']).toEqual({ condition: 'service_completed_successfully' });
    expect(readFileSync(join(dir, '.env'), 'utf8')).toMatch(/^KRB5_KEYTAB_BASE64=$/m);
    const krb5 = readFileSync(join(dir, 'docker/windows-auth/krb5.conf'), 'utf8');
    expect(krb5).toContain('kdc = dc1.corp.example.com:88');
    expect(krb5).toContain('dns_lookup_kdc = false');
    expect(existsSync(join(dir, 'scripts/krb5-renew.sh'))).toBe(false);
    expect(syntaxProblems(dir)).toEqual([]);
  });

  it('refuses users in no mapped group when asked to, and Kerberos can be left out', async () => {
    const { dir, ca } = await airflowProject('wa-refuse');
    await runGenerator(
      'windows-auth',
      {
        'ad-ca-file': ca,
        'ad-role-mapping': `Admin=${ADMINS};Op=${OPS}`,
        'ad-default-role': 'none',
        'ad-login-attribute': 'userPrincipalName',
        'kerberos-mode': 'none',
      },
      dir,
    );
    const file = join(dir, 'docker/windows-auth/webserver_config.py');
    expect(pythonSettings(file, ['Public'])).toMatchObject({
      AUTH_USER_REGISTRATION_ROLE: 'Public',
      AUTH_LDAP_UID_FIELD: 'userPrincipalName',
      login_allowed: false,
    });
    expect(pythonSettings(file, ['Public', 'Op']).login_allowed).toBe(true);
    const compose = readYaml(dir, 'compose.yaml');
    expect(compose.services['airflow-scheduler'].environment.KRB5CCNAME).toBeUndefined();
    expect(existsSync(join(dir, 'docker/windows-auth/krb5.conf'))).toBe(false);
  });

  it('gives an Admin through an AD group: a mapping without Admin is refused, the default maps Airflow Admins', async () => {
    const { dir, ca } = await airflowProject('wa-admin');
    await expect(
      runGenerator('windows-auth', { 'ad-ca-file': ca, 'ad-role-mapping': `Op=${OPS}` }, dir),
    ).rejects.toThrow(
      /Invalid windows-auth\.roleMapping \(--ad-role-mapping\): .*no AD group is mapped to Admin.*map one, e\.g\. Admin=CN=Airflow Admins,CN=Users,DC=corp,DC=example,DC=com/,
    );
    expect(existsSync(join(dir, 'docker/windows-auth'))).toBe(false);

    await runGenerator('windows-auth', { 'ad-ca-file': ca }, dir);
    const stored = readJson(dir, '.yo-rc.json')['generator-data-eng']['windows-auth'];
    expect(stored.roleMapping).toEqual(['Admin=CN=Airflow Admins,CN=Users,DC=corp,DC=example,DC=com']);
    const config = pythonSettings(join(dir, 'docker/windows-auth/webserver_config.py'));
    expect(config.AUTH_ROLES_MAPPING).toEqual({
      'CN=Airflow Admins,CN=Users,DC=corp,DC=example,DC=com': ['Admin'],
    });
  });

  it('creates no database user under AD login, and the README and .env.example say how to sign in', async () => {
    const { dir, ca } = await airflowProject('wa-login');
    await runGenerator('windows-auth', { 'ad-ca-file': ca, 'ad-role-mapping': `Admin=${ADMINS}` }, dir);
    const init = readFileSync(join(dir, 'docker/airflow/init.sh'), 'utf8');
    expect(init).not.toMatch(/airflow users create/);
    expect(init).toMatch(/users sign in with their AD accounts/);
    const compose = readYaml(dir, 'compose.yaml');
    expect(compose.services['airflow-init'].environment.AIRFLOW_ADMIN_PASSWORD).toBeUndefined();
    expect(readFileSync(join(dir, '.env.example'), 'utf8')).not.toMatch(/^AIRFLOW_ADMIN_PASSWORD=/m);
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    expect(readme).toContain('Log in with your Active Directory account (your `sAMAccountName`)');
    expect(readme).toContain(`Members of \`${ADMINS}\` (directly or through nested groups) are Admin.`);
    // What the stack cannot start without comes before make up.
    expect(readme.indexOf('`AD_BIND_PASSWORD` (Password of the AD bind account')).toBeGreaterThan(0);
    expect(readme.indexOf('`AD_BIND_PASSWORD`')).toBeLessThan(readme.indexOf('`make up`'));
    expect(readme).toContain('data-eng auth verify --user <your account>');
    expect(readme).not.toMatch(/Log in as `admin`/);
    expect(readme).toContain('| Auth manager | FAB (Active Directory login) |');
  });

  it('make_env.py never invents the bind password or the keytab; CI passes them from its secrets', async () => {
    const { dir, ca } = await airflowProject('wa-make-env');
    await runGenerator('windows-auth', { 'ad-ca-file': ca, 'kerberos-mode': 'keytab' }, dir);
    const run = (args: string[], env: Record<string, string> = {}) => {
      rmSync(join(dir, '.env'), { force: true });
      const result = spawnSync('/usr/bin/python3', ['scripts/make_env.py', ...args], {
        cwd: dir,
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', ...env },
      });
      return { ...result, env: readFileSync(join(dir, '.env'), 'utf8') };
    };
    const plain = run([]);
    expect(plain.status).toBe(0);
    expect(plain.env).toMatch(/^AD_BIND_PASSWORD=$/m);
    expect(plain.env).toMatch(/^KRB5_KEYTAB_BASE64=$/m);
    expect(plain.env).toMatch(/^AIRFLOW_FERNET_KEY=\S{44}$/m);
    expect(plain.stdout).toMatch(/Fill these in .*\.env before starting the stack/);
    expect(plain.stdout).toMatch(/^ {2}AD_BIND_PASSWORD: Password of the AD bind account/m);
    expect(plain.stdout).toMatch(/^ {2}KRB5_KEYTAB_BASE64: Keytab of svc-airflow@CORP\.EXAMPLE\.COM/m);
    expect(run(['--strict']).status).toBe(1);
    const given = run(['--strict'], { AD_BIND_PASSWORD: 'p@ss $word#1', KRB5_KEYTAB_BASE64: 'BQIAAAA=' });
    expect(given.status).toBe(0);
    expect(given.env).toMatch(/^AD_BIND_PASSWORD='p@ss \$word#1'$/m);
    expect(given.env).toMatch(/^KRB5_KEYTAB_BASE64='BQIAAAA='$/m);
    // An existing .env keeps its values; only an empty value only a person can supply is filled in.
    run([]);
    const before = readFileSync(join(dir, '.env'), 'utf8');
    const again = spawnSync('/usr/bin/python3', ['scripts/make_env.py', '--strict'], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', AD_BIND_PASSWORD: 'later', KRB5_KEYTAB_BASE64: 'BQIAAAA=' },
    });
    expect(again.status, again.stdout).toBe(0);
    expect(readFileSync(join(dir, '.env'), 'utf8')).toBe(
      before
        .replace(/^AD_BIND_PASSWORD=$/m, "AD_BIND_PASSWORD='later'")
        .replace(/^KRB5_KEYTAB_BASE64=$/m, "KRB5_KEYTAB_BASE64='BQIAAAA='"),
    );
    expect(statSync(join(dir, '.env')).mode & 0o777).toBe(0o600);

    const ci = readYaml(dir, '.github/workflows/ci.yml');
    const step = ci.jobs.stack.steps.find((s: { run?: string }) => s.run?.includes('make_env.py'));
    expect(step.run).toBe('python3 scripts/make_env.py --strict');
    expect(step.env).toEqual({
      AD_BIND_PASSWORD: '${{ secrets.AD_BIND_PASSWORD }}',
      KRB5_KEYTAB_BASE64: '${{ secrets.KRB5_KEYTAB_BASE64 }}',
    });
  });

  it('rejects plain ldap:// without the explicit opt-in, and accepts it with a warning when opted in', async () => {
    const { dir } = await airflowProject('wa-plain');
    await expect(
      runGenerator(
        'windows-auth',
        { 'ad-dc-urls': 'ldap://dc1.corp.example.com', 'ad-start-tls': false },
        dir,
      ),
    ).rejects.toThrow(/--ad-allow-plain-ldap/);
    await runGenerator(
      'windows-auth',
      { 'ad-dc-urls': 'ldap://dc1.corp.example.com', 'ad-start-tls': false, 'ad-allow-plain-ldap': true },
      dir,
    );
    const settings = pythonSettings(join(dir, 'docker/windows-auth/webserver_config.py'));
    expect(settings.AUTH_LDAP_USE_TLS).toBe(false);
    expect(settings.AUTH_LDAP_TLS_CACERTFILE).toBeUndefined();
  });

  it('names the bad answer and the fix', async () => {
    const { dir, ca } = await airflowProject('wa-invalid');
    await expect(
      runGenerator('windows-auth', { 'ad-ca-file': ca, 'ad-role-mapping': `${ADMINS}=Admin` }, dir),
    ).rejects.toThrow(/puts the group first; write the role first/);
    await expect(
      runGenerator('windows-auth', { 'ad-ca-file': ca, 'ad-dc-urls': 'ldaps://a,ldap://b' }, dir),
    ).rejects.toThrow(/either only ldaps:\/\/ or only ldap:\/\//);
    await expect(runGenerator('windows-auth', {}, dir)).rejects.toThrow(
      /Invalid windows-auth\.caFile \(--ad-ca-file\): "certs\/ad-ca\.pem"; the corporate root CA is not in certs\/ad-ca\.pem yet; give the path/,
    );
    writeFileSync(ca, 'not a certificate');
    await expect(runGenerator('windows-auth', { 'ad-ca-file': ca }, dir)).rejects.toThrow(
      /holds no PEM certificate/,
    );
    expect(existsSync(join(dir, 'docker/windows-auth'))).toBe(false);
  });
});
