import { describe, expect, it } from 'vitest';
import { kdcAddress, parseKrb5Conf } from './krb5-conf.js';

describe('parseKrb5Conf', () => {
  it('reads libdefaults and the KDCs of each realm', () => {
    const conf = parseKrb5Conf(`
[libdefaults]
    default_realm = CORP.EXAMPLE.COM
    # a comment
    default_ccache_name = KEYRING:persistent:%{uid}
[realms]
    CORP.EXAMPLE.COM = {
        kdc = dc1.corp.example.com
        kdc = dc2.corp.example.com:1088
        admin_server = dc1.corp.example.com
    }
`);
    expect(conf.libdefaults).toEqual({
      default_realm: 'CORP.EXAMPLE.COM',
      default_ccache_name: 'KEYRING:persistent:%{uid}',
    });
    expect(conf.realms['CORP.EXAMPLE.COM']!.kdc.map(kdcAddress)).toEqual([
      { host: 'dc1.corp.example.com', port: 88 },
      { host: 'dc2.corp.example.com', port: 1088 },
    ]);
    expect(kdcAddress('[::1]:750')).toEqual({ host: '::1', port: 750 });
  });
});
