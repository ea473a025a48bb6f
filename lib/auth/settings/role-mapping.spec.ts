import { describe, expect, it } from 'vitest';
import {
  computeRoles,
  fabRolesMapping,
  formatRoleMapping,
  parseRoleMapping,
  roleMappingProblem,
} from './role-mapping.js';

const ADMINS = 'CN=Airflow Admins,OU=Groups,DC=corp,DC=example,DC=com';
const OPS = 'CN=Airflow Ops,OU=Groups,DC=corp,DC=example,DC=com';
const TEAM = 'CN=Data Team,OU=Groups,DC=corp,DC=example,DC=com';

describe('parseRoleMapping', () => {
  it('reads Role=GroupDN entries, whole or split on commas as a command-line list arrives', () => {
    const whole = parseRoleMapping([`Admin=${ADMINS}`, `op = ${OPS}`]);
    const split = parseRoleMapping(`Admin=${ADMINS},Op=${OPS}`.split(','));
    const semicolons = parseRoleMapping([`Admin=${ADMINS}; Op=${OPS}`]);
    const expected = [
      { role: 'Admin', group: ADMINS },
      { role: 'Op', group: OPS },
    ];
    expect(whole).toEqual(expected);
    expect(split).toEqual(expected);
    expect(semicolons).toEqual(expected);
    expect(formatRoleMapping(whole)).toEqual([`Admin=${ADMINS}`, `Op=${OPS}`]);
  });

  it('names the entry and the fix when it cannot be read', () => {
    expect(() => parseRoleMapping(`${ADMINS}=Admin`.split(','))).toThrow(
      /puts the group first; write the role first/,
    );
    expect(() => parseRoleMapping(['Superuser=CN=X,DC=corp'])).toThrow(/does not start with a role/);
    expect(roleMappingProblem(['Admin=Airflow Admins'])).toMatch(/is not a distinguished name/);
    expect(roleMappingProblem([`Viewer=${TEAM}`])).toBeUndefined();
  });

  it('builds AUTH_ROLES_MAPPING with every role of a group, most powerful first', () => {
    expect(fabRolesMapping(parseRoleMapping([`Viewer=${TEAM}`, `Op=${TEAM}`, `Admin=${ADMINS}`]))).toEqual({
      [TEAM]: ['Op', 'Viewer'],
      [ADMINS]: ['Admin'],
    });
  });
});

describe('computeRoles', () => {
  const entries = parseRoleMapping([`Admin=${ADMINS}`, `Op=${OPS}`, `User=${TEAM}`]);

  it('gives every role of every matching group, with the reason, plus the default role', () => {
    const result = computeRoles({
      entries,
      groups: [
        { dn: ADMINS, via: 'direct' },
        { dn: TEAM, via: 'nested' },
        { dn: 'CN=Other,DC=corp', via: 'direct' },
      ],
      defaultRole: 'Viewer',
    });
    expect(result.grants.map((grant) => grant.role)).toEqual(['Admin', 'User', 'Viewer']);
    expect(result.grants[1]!.reasons).toEqual([
      { kind: 'group', group: TEAM, via: 'nested', entry: `User=${TEAM}` },
    ]);
    expect(result.grants[2]!.reasons).toEqual([{ kind: 'default' }]);
    expect(result.mapped).toBe(true);
    expect(result.refused).toBe(false);
  });

  it('refuses a user in no mapped group when there is no default role', () => {
    const result = computeRoles({
      entries,
      groups: [{ dn: 'CN=Other,DC=corp', via: 'direct' }],
      defaultRole: 'none',
    });
    expect(result.grants).toEqual([]);
    expect(result.refused).toBe(true);
  });

  it('matches exactly as FAB does, and reports a differently spelled group as a near miss', () => {
    const result = computeRoles({
      entries,
      groups: [{ dn: ADMINS.toUpperCase(), via: 'direct' }],
      defaultRole: 'Viewer',
    });
    expect(result.grants.map((grant) => grant.role)).toEqual(['Viewer']);
    expect(result.nearMisses).toEqual([{ mapped: ADMINS, actual: ADMINS.toUpperCase() }]);
  });
});
