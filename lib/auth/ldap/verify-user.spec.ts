import { describe, expect, it } from 'vitest';
import type { Client } from 'ldapts';
import type { AuthProblem } from './ldap-errors.js';
import { windowsAuthSettings } from '../../../generators/windows-auth/options.js';
import { verifyUser } from './verify-user.js';

const settings = windowsAuthSettings({
  domain: 'corp.example.com',
  dcUrls: ['ldaps://dc1'],
  bindUser: 'svc@corp.example.com',
  userSearchBase: 'OU=Staff,DC=corp,DC=example,DC=com',
  loginAttribute: 'userPrincipalName',
  roleMapping: [],
});

/** A directory where one login matches two accounts: AD before 2012 R2 does not keep userPrincipalName unique. */
function directoryWith(entries: { dn: string }[]): Client {
  return { search: async () => ({ searchEntries: entries, searchReferences: [] }) } as unknown as Client;
}

describe('verifyUser', () => {
  it('refuses a login that matches two accounts, naming both, as Airflow does', async () => {
    const problems: AuthProblem[] = [];
    const sink = { step: () => undefined, problem: (p: AuthProblem) => problems.push(p) };
    const client = directoryWith([
      { dn: 'CN=alice,OU=Staff,DC=corp,DC=example,DC=com' },
      { dn: 'CN=alice,OU=Old,OU=Staff,DC=corp,DC=example,DC=com' },
    ]);
    const result = await verifyUser(
      client,
      { settings, bindPassword: 'x' },
      'ldaps://dc1:636',
      { user: 'alice@corp.example.com' },
      sink,
    );
    expect(result.user).toBeUndefined();
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'user-ambiguous',
        severity: 'error',
        cause: expect.stringContaining('CN=alice,OU=Old,OU=Staff,DC=corp,DC=example,DC=com'),
      }),
    ]);
  });
});
