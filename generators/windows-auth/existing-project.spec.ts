import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { caFile } from '../../__tests__/helpers/ca-file.js';
import { readJson, readYaml, runGenerator } from '../../__tests__/helpers/run-generator.js';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUTest\n-----END CERTIFICATE-----\n';

describe('data-eng add windows-auth on a project generated earlier', () => {
  it('keeps the hand edits to compose.yaml and every .env secret', async () => {
    const first = await runGenerator('app', { name: 'wa-earlier' });
    const dir = first.cwd;
    const compose = readYaml(dir, 'compose.yaml');
    compose.services['airflow-scheduler'].environment.MY_PROXY = 'http://proxy.corp:3128';
    compose.services['airflow-apiserver'].ports.push('127.0.0.1:8443:8443');
    compose.services.mssql = { image: 'mcr.microsoft.com/mssql/server:2022-latest', restart: 'no' };
    writeFileSync(join(dir, 'compose.yaml'), '# reviewed by the platform team\n' + stringify(compose));
    const envBefore = readFileSync(join(dir, '.env'), 'utf8');
    writeFileSync(join(dir, 'corp-root.pem'), PEM);

    await runGenerator('windows-auth', { 'ad-ca-file': 'corp-root.pem' }, dir);

    const text = readFileSync(join(dir, 'compose.yaml'), 'utf8');
    const after = parse(text);
    expect(text.startsWith('# reviewed by the platform team')).toBe(true);
    expect(after.services.mssql).toEqual({
      image: 'mcr.microsoft.com/mssql/server:2022-latest',
      restart: 'no',
    });
    expect(after.services['airflow-scheduler'].environment.MY_PROXY).toBe('http://proxy.corp:3128');
    expect(after.services['airflow-apiserver'].ports).toContain('127.0.0.1:8443:8443');
    expect(after.services['airflow-scheduler'].environment.AIRFLOW__CORE__AUTH_MANAGER).toContain(
      'FabAuthManager',
    );
    expect(after.services['airflow-scheduler'].volumes).toContain('/tmp/krb5cc_dir:/opt/airflow/krb5cc:ro');

    const envAfter = readFileSync(join(dir, '.env'), 'utf8');
    // Every earlier line, secrets included, byte for byte; the bind password is added empty for the user.
    expect(envAfter.startsWith(envBefore)).toBe(true);
    expect(envAfter.slice(envBefore.length)).toMatch(
      /^\n?# Secrets[^\n]*\n# Password of the AD bind account[^\n]*\nAD_BIND_PASSWORD=\n$/,
    );

    const config = readJson(dir, '.yo-rc.json')['generator-data-eng'];
    expect(config['windows-auth'].caFile).toBe('certs/ad-ca.pem');
    expect(config.airflow).toBeDefined();

    // A second run changes an answer and still keeps the edits; the CA stays where it was copied.
    await runGenerator('windows-auth', { 'ad-nested-groups': false }, dir);
    const again = readYaml(dir, 'compose.yaml');
    expect(again.services.mssql).toBeDefined();
    expect(again.services['airflow-scheduler'].environment.MY_PROXY).toBe('http://proxy.corp:3128');
    expect(readFileSync(join(dir, '.env'), 'utf8')).toBe(envAfter);
    expect(readFileSync(join(dir, 'docker/windows-auth/webserver_config.py'), 'utf8')).not.toContain(
      'def _search_ldap',
    );
  });

  it('keeps working for a project whose stored mapping has no Admin group (made before one was required)', async () => {
    const first = await runGenerator('app', { name: 'wa-no-admin' });
    const dir = first.cwd;
    writeFileSync(join(dir, 'corp-root.pem'), PEM);
    await runGenerator('windows-auth', { 'ad-ca-file': 'corp-root.pem' }, dir);
    const file = join(dir, '.yo-rc.json');
    const stored = JSON.parse(readFileSync(file, 'utf8'));
    stored['generator-data-eng']['windows-auth'].roleMapping = [
      'Op=CN=Airflow Ops,DC=corp,DC=example,DC=com',
    ];
    writeFileSync(file, JSON.stringify(stored, null, 2));

    await runGenerator('windows-auth', { 'ad-nested-groups': false }, dir);
    expect(readJson(dir, '.yo-rc.json')['generator-data-eng']['windows-auth'].roleMapping).toEqual([
      'Op=CN=Airflow Ops,DC=corp,DC=example,DC=com',
    ]);
    // The README says plainly that nobody is Admin, and how to map a group.
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain(
      'No AD group is mapped to Admin, so nobody can administer Airflow',
    );
  });
});

describe('the compose stack and the Helm values sign in and get tickets from the same source', () => {
  it('krb5.conf is the same text, and webserver_config.py differs only in its origin line and CA path', async () => {
    const first = await runGenerator('app', {
      name: 'wa-same',
      components: 'postgres,airflow,windows-auth',
      'ad-ca-file': caFile('same'),
      'kerberos-mode': 'keytab',
      'kerberos-kdcs': 'dc1.corp.example.com,[fd00::5]:88',
      'ad-role-mapping': 'Admin=CN=Airflow Admins,OU=Groups,DC=corp,DC=example,DC=com',
      plugins: 'orchestrator-compose,orchestrator-kubernetes',
    });
    const dir = first.cwd;
    const values = readYaml(dir, 'deploy/helm/values.yaml');
    const krb5 = readFileSync(join(dir, 'docker/windows-auth/krb5.conf'), 'utf8');
    // The compose copy starts with a comment saying where it is mounted; the rest is the same text.
    expect(krb5.replace(/^(#[^\n]*\n)+\n/, '')).toBe(values.kerberos.config);
    expect(values.kerberos.config).toContain('kdc = [fd00::5]:88');
    const compose = readFileSync(join(dir, 'docker/windows-auth/webserver_config.py'), 'utf8').split('\n');
    const cluster = (values.apiServer.apiServerConfig as string).trimEnd().split('\n');
    const differ = cluster.filter((line, index) => line !== compose[index + 2 * Number(index > 2)]);
    expect(differ).toEqual([
      'Generated by orchestrator-kubernetes from the windows-auth answers in .yo-rc.json, as apiServer.apiServerConfig.',
      'AUTH_LDAP_TLS_CACERTFILE = "/opt/data-eng/certs/ca.pem"',
    ]);
  });
});
