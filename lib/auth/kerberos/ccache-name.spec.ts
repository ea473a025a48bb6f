import { describe, expect, it } from 'vitest';
import { effectiveCcacheName, parseCcacheName } from './ccache-name.js';

describe('ccache names', () => {
  it('shares FILE caches, and a bare path is a FILE cache', () => {
    expect(parseCcacheName('FILE:/tmp/krb5cc_dir/krb5cc', '/x')).toMatchObject({
      type: 'FILE',
      shareable: true,
      residual: '/tmp/krb5cc_dir/krb5cc',
    });
    expect(parseCcacheName('/tmp/krb5cc_1000', '/x').type).toBe('FILE');
  });

  it.each(['KEYRING:persistent:1000', 'KCM:1000', 'API:', 'DIR:/run/user/1000/krb5cc', 'MEMORY:x'])(
    'refuses %s and says how to switch',
    (name) => {
      const parsed = parseCcacheName(name, '/tmp/krb5cc_dir/krb5cc');
      expect(parsed.shareable).toBe(false);
      expect(parsed.reason).toContain('export KRB5CCNAME=FILE:/tmp/krb5cc_dir/krb5cc');
    },
  );

  it('resolves the cache the way MIT does: KRB5CCNAME, then krb5.conf, then /tmp/krb5cc_UID', () => {
    expect(effectiveCcacheName({ KRB5CCNAME: 'KCM:' }, 'KEYRING:persistent:%{uid}', 1000)).toEqual({
      name: 'KCM:',
      source: 'KRB5CCNAME',
    });
    expect(effectiveCcacheName({}, 'KEYRING:persistent:%{uid}', 1000).name).toBe('KEYRING:persistent:1000');
    expect(effectiveCcacheName({}, undefined, 1000)).toEqual({
      name: 'FILE:/tmp/krb5cc_1000',
      source: 'the MIT default',
    });
  });
});
