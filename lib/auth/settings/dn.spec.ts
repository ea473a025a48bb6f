import { describe, expect, it } from 'vitest';
import {
  dnKey,
  domainToBaseDn,
  escapeFilterValue,
  firstRdnValue,
  isDnUnder,
  looksLikeDn,
  splitDn,
  tidyDn,
} from './dn.js';

describe('distinguished names', () => {
  it('splits on unescaped commas only and tidies the spacing AD never writes', () => {
    expect(splitDn('CN=Smith\\, John , OU=Staff,DC=corp')).toEqual([
      'CN=Smith\\, John',
      'OU=Staff',
      'DC=corp',
    ]);
    expect(tidyDn('CN = Airflow Admins, OU=Groups ,DC=corp')).toBe('CN=Airflow Admins,OU=Groups,DC=corp');
  });

  it('compares case-insensitively only through dnKey', () => {
    expect(dnKey('cn=airflow admins,dc=CORP')).toBe(dnKey('CN=Airflow Admins, DC=corp'));
    expect(tidyDn('cn=airflow admins')).not.toBe(tidyDn('CN=Airflow Admins'));
  });

  it('recognises DNs and rejects plain names', () => {
    expect(looksLikeDn('CN=Airflow Admins,OU=Groups,DC=corp,DC=example,DC=com')).toBe(true);
    expect(looksLikeDn('Airflow Admins')).toBe(false);
    expect(looksLikeDn('CN=,DC=corp')).toBe(false);
    expect(looksLikeDn('')).toBe(false);
  });

  it('knows whether a DN lies under a base', () => {
    expect(isDnUnder('CN=A,OU=Groups,DC=corp,DC=com', 'dc=corp,dc=com')).toBe(true);
    expect(isDnUnder('CN=A,OU=Groups,DC=corp,DC=com', 'OU=Staff,DC=corp,DC=com')).toBe(false);
    expect(isDnUnder('DC=com', 'DC=corp,DC=com')).toBe(false);
  });

  it('derives the naming context and escapes filter values', () => {
    expect(domainToBaseDn('corp.example.com')).toBe('DC=corp,DC=example,DC=com');
    expect(firstRdnValue('CN=Airflow Ops,OU=Groups,DC=corp')).toBe('Airflow Ops');
    expect(escapeFilterValue('a*(b)\\c')).toBe('a\\2a\\28b\\29\\5cc');
  });
});
