import { describe, expect, it } from 'vitest';
import { CcacheFormatError, findTgt, formatPrincipal, parseCcache, TICKET_FLAGS } from './ccache.js';

/** Write an MIT FILE ccache (version 4) the way libkrb5 lays it out. */
function ccacheV4(options: {
  principal: string[];
  realm: string;
  creds: { server: string[]; end: number; renew: number; flags: number }[];
}): Buffer {
  const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n);
    return b;
  };
  const octets = (data: Buffer | string) => {
    const bytes = Buffer.from(data);
    return Buffer.concat([u32(bytes.length), bytes]);
  };
  const principal = (realm: string, parts: string[]) =>
    Buffer.concat([u32(1), u32(parts.length), octets(realm), ...parts.map((p) => octets(p))]);
  const header = Buffer.concat([u16(1), u16(8), u32(0), u32(0)]);
  const creds = options.creds.map((c) =>
    Buffer.concat([
      principal(options.realm, options.principal),
      principal(c.server[2] ?? options.realm, c.server.slice(0, 2)),
      u16(18),
      octets(Buffer.alloc(32)),
      u32(1_800_000_000),
      u32(0),
      u32(c.end),
      u32(c.renew),
      Buffer.from([0]),
      u32(c.flags),
      u32(0),
      u32(0),
      octets(Buffer.alloc(100, 1)),
      octets(Buffer.alloc(0)),
    ]),
  );
  return Buffer.concat([
    Buffer.from([5, 4]),
    u16(header.length),
    header,
    principal(options.realm, options.principal),
    ...creds,
  ]);
}

describe('parseCcache', () => {
  const cache = ccacheV4({
    principal: ['alice'],
    realm: 'CORP.EXAMPLE.COM',
    creds: [
      {
        server: ['krbtgt', 'CORP.EXAMPLE.COM'],
        end: 1_800_036_000,
        renew: 1_800_604_800,
        flags: TICKET_FLAGS.renewable | TICKET_FLAGS.forwardable,
      },
      {
        server: ['fast_avail', 'krbtgt/CORP.EXAMPLE.COM@CORP.EXAMPLE.COM', 'X-CACHECONF:'],
        end: 0,
        renew: 0,
        flags: 0,
      },
      { server: ['MSSQLSvc', 'db1.corp.example.com'], end: 1_800_036_000, renew: 0, flags: 0 },
    ],
  });

  it('reads the principal and each ticket with its times, leaving out configuration entries', () => {
    const parsed = parseCcache(cache);
    expect(parsed.version).toBe(4);
    expect(formatPrincipal(parsed.principal)).toBe('alice@CORP.EXAMPLE.COM');
    expect(parsed.credentials).toHaveLength(2);
    const tgt = findTgt(parsed)!;
    expect(tgt.startTime).toEqual(new Date(1_800_000_000_000));
    expect(tgt.endTime).toEqual(new Date(1_800_036_000_000));
    expect(tgt.renewTill).toEqual(new Date(1_800_604_800_000));
    expect(parsed.credentials[1]!.renewTill).toBeUndefined();
  });

  it('says what is wrong with something that is not a FILE cache', () => {
    expect(() => parseCcache(Buffer.from('KEYRING:persistent:1000'))).toThrow(CcacheFormatError);
    expect(() => parseCcache(cache.subarray(0, cache.length - 10))).toThrow(/ends early/);
  });
});
