import { describe, expect, it } from 'vitest';
import {
  children,
  explicit,
  generalString,
  generalizedTime,
  integer,
  readInteger,
  sequence,
  tlv,
} from './der.js';
import { buildAsRequest, parseKrbError } from './kdc-time.js';

describe('the KDC clock probe', () => {
  it('sends a well-formed AS-REQ for the principal, framed for TCP', () => {
    const frame = buildAsRequest('alice', 'CORP.EXAMPLE.COM', 12345);
    expect(frame.readUInt32BE(0)).toBe(frame.length - 4);
    const [asReq] = children(frame.subarray(4));
    expect(asReq!.tag).toBe(0x6a);
    const fields = children(children(asReq!.content)[0]!.content);
    expect(fields.map((f) => f.tag)).toEqual([0xa1, 0xa2, 0xa4]);
    expect(readInteger(children(fields[1]!.content)[0]!)).toBe(10);
    expect(frame.includes(Buffer.from('alice'))).toBe(true);
    expect(frame.includes(Buffer.from('krbtgt'))).toBe(true);
  });

  it('reads the KDC time and error code of a KRB-ERROR', () => {
    const stime = new Date(Date.UTC(2026, 10, 27, 8, 30, 15));
    const error = tlv(
      0x7e,
      sequence(
        explicit(0, integer(5)),
        explicit(1, integer(30)),
        explicit(4, generalizedTime(stime)),
        explicit(5, integer(250_000)),
        explicit(6, integer(25)),
        explicit(9, generalString('CORP.EXAMPLE.COM')),
      ),
    );
    expect(parseKrbError(error)).toEqual({ kdcTime: new Date(stime.getTime() + 250), errorCode: 25 });
  });

  it('refuses a reply that is not a KRB-ERROR', () => {
    expect(() => parseKrbError(tlv(0x30, Buffer.alloc(0)))).toThrow(/not a KRB-ERROR/);
  });
});
