import { describe, expect, it } from 'vitest';
import { dcUrlsProblem, parseLdapUrl } from './settings.js';
import { windowsAuthSettings } from '../../../generators/windows-auth/options.js';

const BASE = {
  domain: 'corp.example.com',
  realm: 'CORP.EXAMPLE.COM',
  dcUrls: ['ldaps://dc1.corp.example.com'],
  caFile: 'certs/ad-ca.pem',
  bindUser: 'svc@corp.example.com',
  userSearchBase: 'DC=corp,DC=example,DC=com',
  roleMapping: ['Admin=CN=A,DC=corp'],
};

describe('LDAP URLs', () => {
  it('fills in the default port of each scheme', () => {
    expect(parseLdapUrl('ldaps://dc1.corp')?.url).toBe('ldaps://dc1.corp:636');
    expect(parseLdapUrl('ldap://dc1.corp')?.url).toBe('ldap://dc1.corp:389');
    expect(parseLdapUrl('ldap://[::1]:3268')).toMatchObject({ host: '[::1]', port: 3268 });
    expect(parseLdapUrl('https://dc1')).toBeUndefined();
  });

  it('refuses mixed schemes, since Airflow has one TLS switch', () => {
    expect(dcUrlsProblem(['ldaps://a', 'ldap://b'])).toMatch(/either only ldaps/);
    expect(dcUrlsProblem([])).toMatch(/at least one/);
    expect(dcUrlsProblem(['ldap://a:389', 'ldap://b'])).toBeUndefined();
  });
});

describe('resolveWindowsAuth', () => {
  it('derives the transport from the scheme and the StartTLS answer', () => {
    expect(windowsAuthSettings(BASE).transport).toBe('ldaps');
    expect(windowsAuthSettings({ ...BASE, dcUrls: ['ldap://dc1'] }).transport).toBe('starttls');
    // A hand-edited null is no answer: StartTLS, the default, never plain text.
    expect(windowsAuthSettings({ ...BASE, dcUrls: ['ldap://dc1'], startTls: null }).transport).toBe(
      'starttls',
    );
    const plain = windowsAuthSettings({ ...BASE, dcUrls: ['ldap://dc1'], startTls: false });
    expect(plain.transport).toBe('plain');
    expect(plain.caFile).toBeUndefined();
  });

  it('applies the defaults of answers a hand-written .yo-rc.json may lack', () => {
    const auth = windowsAuthSettings(BASE);
    expect(auth).toMatchObject({
      loginAttribute: 'sAMAccountName',
      defaultRole: 'Viewer',
      nestedGroups: true,
      syncRolesAtLogin: true,
      kerberos: 'host',
      ticketDir: '/tmp/krb5cc_dir',
      keytabPrincipal: 'svc-airflow@CORP.EXAMPLE.COM',
    });
    expect(auth.roleMapping).toEqual([{ role: 'Admin', group: 'CN=A,DC=corp' }]);
  });

  it('says which answer is unusable', () => {
    expect(() => windowsAuthSettings({ ...BASE, dcUrls: ['dc1'] })).toThrow(
      /windows-auth.dcUrls .* "dc1" is not ldaps/,
    );
  });
});
