import { afterAll, beforeAll, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDirectory, testPrefix } from '../helpers/samba.js';
import { windowsAuthProject } from '../helpers/windows-auth-project.js';
import { setEnv } from '../helpers/env-file.js';
import { describeWithServices } from '../helpers/services.js';
import { DIST, REPO_ROOT } from '../helpers/paths.js';
import { windowsAuthSettings } from '../../generators/windows-auth/options.js';
import type { VerifyReport } from '../../lib/auth/ldap/verify-ad-login.js';
import { verifyAdLogin } from '../../lib/auth/ldap/verify-ad-login.js';

describeWithServices('auth verify against a real AD domain controller', (services) => {
  const prefix = testPrefix('wa');
  const dir = testDirectory(services, prefix);
  const work = mkdtempSync(join(tmpdir(), 'data-eng-wa-verify-'));
  const projects: string[] = [];
  let silent: Server;
  const sockets = new Set<Socket>();
  let silentPort = 0;

  beforeAll(async () => {
    dir.create({
      users: ['svc', 'alice', 'bob', 'carol', 'dave'],
      groups: ['admins', 'ops', 'team', 'empty', 'outer'],
      members: { admins: ['alice'], ops: ['alice', 'team'], team: ['bob'], outer: ['team'] },
      disabled: ['carol'],
    });
    // A port that accepts connections and never answers, like a DC behind a firewall that drops LDAP.
    silent = createServer((socket) => {
      sockets.add(socket);
      socket.resume();
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentPort = (silent.address() as { port: number }).port;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => silent?.close(() => resolve()));
    dir.remove();
    rmSync(work, { recursive: true, force: true });
    for (const project of projects) rmSync(project, { recursive: true, force: true });
  });

  const caPem = (): string => readFileSync(services.ad.ca, 'utf8');
  const answers = (extra: Record<string, unknown> = {}) => ({
    domain: services.ad.domain,
    realm: services.ad.realm,
    dcUrls: [services.ad.ldapsUrl],
    caFile: 'certs/ad-ca.pem',
    bindUser: dir.upn('svc'),
    userSearchBase: dir.ou,
    roleMapping: [`Admin=${dir.groupDn('admins')}`, `Op=${dir.groupDn('ops')}`],
    defaultRole: 'Viewer',
    nestedGroups: true,
    kerberos: 'none',
    ...extra,
  });
  const verify = (
    extra: Record<string, unknown>,
    request: { user?: string; password?: string },
    options: { caPem?: string; bindPassword?: string } = {},
  ) =>
    verifyAdLogin(
      {
        settings: windowsAuthSettings(answers(extra)),
        caPem: options.caPem ?? caPem(),
        bindPassword: options.bindPassword ?? dir.password,
        timeoutMs: 3000,
      },
      request,
    );
  const roles = (report: VerifyReport) => report.roles.map((grant) => grant.role);
  const codes = (report: VerifyReport) => report.problems.map((problem) => problem.code);

  it('works over LDAPS with the DC CA: a user in two mapped groups gets both roles, each with its reason', async () => {
    const report = await verify({}, { user: dir.name('alice'), password: dir.password });
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.server).toBe('ldaps://127.0.0.1:636');
    expect(roles(report)).toEqual(['Admin', 'Op', 'Viewer']);
    expect(report.roles[0]!.reasons).toEqual([
      { kind: 'group', group: dir.groupDn('admins'), via: 'direct', entry: `Admin=${dir.groupDn('admins')}` },
    ]);
    expect(report.steps.map((step) => step.detail)).toContain(
      `The password of ${dir.name('alice')} is accepted`,
    );
  });

  it('works over StartTLS on ldap://', async () => {
    const report = await verify(
      { dcUrls: [services.ad.ldapUrl], startTls: true },
      { user: dir.name('alice') },
    );
    expect(report.ok).toBe(true);
    expect(report.steps[0]!.detail).toMatch(
      /^Connected to ldap:\/\/127\.0\.0\.1:389 \(StartTLS, certificate checked/,
    );
    expect(roles(report)).toEqual(['Admin', 'Op', 'Viewer']);
  });

  it('gives a role through a nested group only when nested groups are on', async () => {
    const on = await verify({}, { user: dir.name('bob') });
    expect(roles(on)).toEqual(['Op', 'Viewer']);
    expect(on.roles[0]!.reasons[0]).toMatchObject({ group: dir.groupDn('ops'), via: 'nested' });
    const off = await verify({ nestedGroups: false }, { user: dir.name('bob') });
    expect(roles(off)).toEqual(['Viewer']);
    expect(off.problems).toEqual([expect.objectContaining({ code: 'no-mapped-group', severity: 'warning' })]);
    expect(off.ok).toBe(true);
  });

  it('refuses a user in no mapped group when there is no default role', async () => {
    const report = await verify({ defaultRole: 'none' }, { user: dir.name('dave') });
    expect(report.ok).toBe(false);
    expect(report.refused).toBe(true);
    expect(report.problems[0]).toMatchObject({ code: 'no-mapped-group', severity: 'error' });
    expect(report.problems[0]!.fix).toContain(`${prefix}-admins`);
  });

  it('plain ldap:// yields the TLS-required guidance', async () => {
    const report = await verify({ dcUrls: [services.ad.ldapUrl], startTls: false }, {});
    expect(report.ok).toBe(false);
    expect(codes(report)).toEqual(['plain-ldap', 'tls-required']);
    expect(report.problems[1]!.fix).toMatch(/ldaps:\/\/.*StartTLS/);
  });

  it('an untrusted CA yields the certificate guidance, naming the CA file', async () => {
    const key = join(work, 'other.key');
    const cert = join(work, 'other.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=Some Other Root',
      ],
      { stdio: 'pipe' },
    );
    for (const extra of [{}, { dcUrls: [services.ad.ldapUrl], startTls: true }]) {
      const report = await verify(extra, {}, { caPem: readFileSync(cert, 'utf8') });
      expect(codes(report)).toEqual(['certificate-untrusted']);
      expect(report.problems[0]!.fix).toContain('certs/ad-ca.pem');
    }
  });

  it('a wrong password, a disabled account and an unknown user each get their own message', async () => {
    const wrong = await verify({}, { user: dir.name('alice'), password: 'not-the-password' });
    expect(codes(wrong)).toEqual(['invalid-credentials']);
    expect(wrong.problems[0]!.cause).toMatch(/password is wrong \(AD code 52e\)/);

    const disabled = await verify({}, { user: dir.name('carol'), password: dir.password });
    expect(codes(disabled)).toContain('account-disabled');
    expect(disabled.problems.find((p) => p.code === 'account-disabled')!.cause).toMatch(
      /disabled in AD \(AD code 533\)/,
    );
    const disabledNoPassword = await verify({}, { user: dir.name('carol') });
    expect(codes(disabledNoPassword)).toContain('account-disabled');

    const unknown = await verify({}, { user: `${prefix}-nobody` });
    expect(codes(unknown)).toEqual(['user-not-found']);
    const withDomain = await verify({}, { user: `${dir.name('alice')}@${services.ad.domain}` });
    expect(withDomain.problems[0]!.cause).toMatch(/type the short name/);

    const badBind = await verify({}, {}, { bindPassword: 'nope' });
    expect(badBind.problems[0]).toMatchObject({ code: 'invalid-credentials' });
    expect(badBind.problems[0]!.cause).toContain(dir.upn('svc'));
  });

  it('explains a missing search base, a user outside it, and misspelled or missing mapped groups', async () => {
    const missing = await verify(
      { userSearchBase: `OU=${prefix}-nope,${services.ad.baseDn}` },
      { user: dir.name('alice') },
    );
    expect(codes(missing)).toEqual(['search-base-not-found']);
    const outside = await verify(
      { userSearchBase: `CN=Users,${services.ad.baseDn}` },
      { user: dir.name('alice') },
    );
    // The mapped groups lie outside that base too: Airflow would not see them as nested groups.
    expect(codes(outside)).toEqual([
      'group-outside-search-base',
      'group-outside-search-base',
      'no-admin-member',
      'user-outside-search-base',
    ]);
    const spelled = await verify(
      { roleMapping: [`Op=${dir.groupDn('ops').toLowerCase()}`, `Admin=CN=${prefix}-gone,${dir.ou}`] },
      { user: dir.name('alice') },
    );
    expect(codes(spelled)).toEqual(['group-spelling', 'group-not-found', 'no-mapped-group']);
    expect(spelled.problems[0]!.cause).toContain(dir.groupDn('ops'));
  });

  it('warns when nobody can be Admin: no group mapped to Admin, or nobody in the one that is', async () => {
    const unmapped = await verify({ roleMapping: [`Op=${dir.groupDn('ops')}`] }, {});
    expect(unmapped.ok).toBe(true);
    expect(codes(unmapped)).toEqual(['no-admin-group']);
    expect(unmapped.problems[0]!.fix).toContain('--ad-role-mapping "Admin=');
    const empty = await verify({ roleMapping: [`Admin=${dir.groupDn('empty')}`] }, {});
    expect(codes(empty)).toEqual(['no-admin-member']);
    expect(empty.problems[0]!.cause).toContain(dir.groupDn('empty'));
    expect(empty.problems[0]!.fix).toContain(`Add-ADGroupMember -Identity "${dir.groupDn('empty')}"`);
    // outer holds only the group team, which holds bob: he is Admin through it only with nested groups on.
    const nested = await verify({ roleMapping: [`Admin=${dir.groupDn('outer')}`] }, {});
    expect(codes(nested)).toEqual([]);
    const direct = await verify({ roleMapping: [`Admin=${dir.groupDn('outer')}`], nestedGroups: false }, {});
    expect(codes(direct)).toEqual(['no-admin-member']);
    // ops holds alice and, through team, bob: the search stops at its size limit of one, which counts as found.
    const many = await verify({ roleMapping: [`Admin=${dir.groupDn('ops')}`] }, {});
    expect(codes(many)).toEqual([]);
    expect(many.steps.map((step) => step.detail)).toContain(
      `Someone under the search base is Admin through ${dir.groupDn('ops')}`,
    );
  });

  it('tells an unreachable DC and a silent one apart, and fails over to the next DC', async () => {
    const refused = await verify({ dcUrls: ['ldaps://127.0.0.1:1'] }, {});
    expect(codes(refused)).toEqual(['unreachable']);
    const silentDc = await verify({ dcUrls: [`ldaps://127.0.0.1:${silentPort}`] }, {});
    expect(codes(silentDc)).toEqual(['timeout']);
    const failover = await verify(
      { dcUrls: ['ldaps://127.0.0.1:1', services.ad.ldapsUrl] },
      { user: dir.name('alice') },
    );
    expect(failover.ok).toBe(true);
    expect(failover.server).toBe('ldaps://127.0.0.1:636');
    expect(failover.problems).toEqual([
      expect.objectContaining({ code: 'unreachable', severity: 'warning' }),
    ]);
  });

  it('data-eng auth verify reads the project, and webserver_config.py maps the roles it reports', async () => {
    const project = await windowsAuthProject(services, `${prefix}-proj`, {
      'ad-bind-user': dir.upn('svc'),
      'ad-user-search-base': dir.ou,
      'ad-role-mapping': `Admin=${dir.groupDn('admins')};Op=${dir.groupDn('ops')}`,
      'kerberos-mode': 'none',
    });
    projects.push(project);
    setEnv(project, { AD_BIND_PASSWORD: `'${dir.password}'` });
    const cli = (args: string[], input?: string) => {
      const script = `
        import { Command } from ${JSON.stringify(join(REPO_ROOT, 'node_modules/commander/esm.mjs'))};
        import { registerAuth } from ${JSON.stringify(join(DIST, 'cli/register/auth.js'))};
        const program = new Command('data-eng').exitOverride();
        registerAuth(program);
        try { await program.parseAsync(process.argv.slice(1), { from: 'user' }); }
        catch (error) { process.stderr.write('data-eng: ' + error.message + '\\n'); process.exit(error.exitCode ?? 1); }`;
      return spawnSync(process.execPath, ['--input-type=module', '-e', script, ...args], {
        cwd: project,
        input: input ?? '',
        encoding: 'utf8',
        env: { ...process.env, AD_BIND_PASSWORD: undefined } as NodeJS.ProcessEnv,
      });
    };
    const ok = cli(
      ['auth', 'verify', '--user', dir.name('alice'), '--password-stdin', '--json'],
      `${dir.password}\n`,
    );
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    const report = JSON.parse(ok.stdout) as VerifyReport;
    expect(roles(report)).toEqual(['Admin', 'Op', 'Viewer']);

    const text = cli(['auth', 'verify', '--user', dir.name('carol'), '--password-stdin'], dir.password);
    expect(text.status).toBe(1);
    expect(text.stdout).toMatch(/✗ .*disabled in AD \(AD code 533\)\n {2}fix: ask the AD team to enable it/);
    expect(text.stderr).toMatch(/^data-eng: auth verify found 1 problem/);

    // The generated file compiles, and FAB's rule (exact DN match, plus the registration role) gives the same roles.
    const config = join(project, 'docker/windows-auth/webserver_config.py');
    execFileSync('/usr/bin/python3', ['-m', 'py_compile', config]);
    const python = `
import json, runpy, sys, types
const = types.ModuleType("flask_appbuilder.const"); const.AUTH_LDAP = 2
fab = types.ModuleType("flask_appbuilder"); fab.const = const
override = types.ModuleType("override"); override.FabAirflowSecurityManagerOverride = object
sys.modules.update({"flask_appbuilder": fab, "flask_appbuilder.const": const,
    "airflow.providers.fab.auth_manager.security_manager.override": override})
ns = runpy.run_path(sys.argv[1])
groups = set(json.loads(sys.argv[2]))
roles = {r for key, rs in ns["AUTH_ROLES_MAPPING"].items() if key in groups for r in rs}
roles.add(ns["AUTH_USER_REGISTRATION_ROLE"])
print(json.dumps(sorted(roles)))`;
    const fabRoles = JSON.parse(
      execFileSync(
        '/usr/bin/python3',
        ['-c', python, config, JSON.stringify(report.user!.groups.map((g) => g.dn))],
        { encoding: 'utf8' },
      ),
    ) as string[];
    expect(fabRoles).toEqual([...roles(report)].sort());
  });
});
