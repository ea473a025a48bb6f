import { describe, expect, it } from 'vitest';
import { explainLdapError } from './ldap-errors.js';

const at = {
  url: 'ldaps://dc1:636',
  step: 'bind-service' as const,
  account: 'svc@corp',
  caFile: 'certs/ad-ca.pem',
};
const ldapError = (code: number, message: string) => Object.assign(new Error(message), { code });
const socketError = (code: string) => Object.assign(new Error(`connect ${code}`), { code });

describe('explainLdapError', () => {
  it('maps result 8 to "TLS required"', () => {
    const problem = explainLdapError(ldapError(8, 'BindSimple: Transport encryption required.'), at);
    expect(problem.code).toBe('tls-required');
    expect(problem.fix).toMatch(/ldaps:\/\/.*StartTLS/);
  });

  it.each([
    ['52e', 'invalid-credentials', /password is wrong/],
    ['532', 'password-expired', /expired/],
    ['533', 'account-disabled', /disabled/],
    ['701', 'account-expired', /account has expired/],
    ['773', 'must-change-password', /password change/],
    ['775', 'account-locked', /locked out/],
  ])('maps AD data code %s of result 49', (data, code, cause) => {
    const message = `80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data ${data}, v1db1 Code: 0x31`;
    const problem = explainLdapError(ldapError(49, message), at);
    expect(problem.code).toBe(code);
    expect(problem.cause).toMatch(cause);
    expect(problem.cause).toContain('svc@corp');
  });

  it('names the CA file for an untrusted certificate', () => {
    const problem = explainLdapError(socketError('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), at);
    expect(problem.code).toBe('certificate-untrusted');
    expect(problem.fix).toContain('certs/ad-ca.pem');
  });

  it('tells unreachable, unknown and silent hosts apart', () => {
    expect(explainLdapError(socketError('ECONNREFUSED'), at).code).toBe('unreachable');
    expect(explainLdapError(socketError('ENOTFOUND'), at).code).toBe('unknown-host');
    expect(
      explainLdapError(new Error('BindRequest: Operation timed out'), { ...at, timeoutMs: 2000 }).cause,
    ).toMatch(/did not answer within 2 s/);
  });

  it('maps result 32 to a missing search base, named', () => {
    const problem = explainLdapError(ldapError(32, 'No such object'), {
      ...at,
      step: 'search-base',
      searchBase: 'OU=Nope,DC=corp',
    });
    expect(problem.code).toBe('search-base-not-found');
    expect(problem.cause).toContain('OU=Nope,DC=corp');
  });
});
