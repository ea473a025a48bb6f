import { randomInt } from 'node:crypto';
import { connect } from 'node:net';
import {
  bitStringZero,
  children,
  explicit,
  field,
  generalString,
  generalizedTime,
  integer,
  readGeneralizedTime,
  readInteger,
  sequence,
  tlv,
} from './der.js';

/** The KDC's clock compared with ours. Positive skew: the KDC is ahead. */
export interface ClockSkew {
  readonly kdcTime: Date;
  readonly skewMs: number;
  /** Half the round trip plus the reply's resolution: the skew is known to within this. */
  readonly uncertaintyMs: number;
  /** The Kerberos error the KDC answered with (6: unknown principal, 25: pre-authentication required). */
  readonly errorCode: number;
}

/** MIT's and AD's default: tickets are refused beyond 5 minutes of skew. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * An AS-REQ without pre-authentication data. The KDC cannot issue a ticket for it and answers with a
 * KRB-ERROR, and every KRB-ERROR carries the KDC's current time (stime, susec; RFC 4120 5.9.1).
 */
export function buildAsRequest(principal: string, realm: string, nonce: number): Buffer {
  const name = (type: number, parts: string[]): Buffer =>
    sequence(explicit(0, integer(type)), explicit(1, sequence(...parts.map(generalString))));
  const body = sequence(
    explicit(0, bitStringZero(32)),
    explicit(1, name(1, principal.split('/'))),
    explicit(2, generalString(realm)),
    explicit(3, name(2, ['krbtgt', realm])),
    explicit(5, generalizedTime(new Date(Date.UTC(2037, 0, 1)))),
    explicit(7, integer(nonce)),
    explicit(8, sequence(integer(18), integer(17))),
  );
  const request = tlv(0x6a, sequence(explicit(1, integer(5)), explicit(2, integer(10)), explicit(4, body)));
  const frame = Buffer.alloc(4);
  frame.writeUInt32BE(request.length);
  return Buffer.concat([frame, request]);
}

/** Read the KDC's time and error code from a KRB-ERROR reply (without the TCP length prefix). */
export function parseKrbError(reply: Buffer): { kdcTime: Date; errorCode: number } {
  const [outer] = children(reply);
  if (!outer || outer.tag !== 0x7e) {
    throw new Error(
      `The KDC answered with tag 0x${outer?.tag.toString(16) ?? '??'}, not a KRB-ERROR; it is not a Kerberos KDC.`,
    );
  }
  const [body] = children(outer.content);
  const stime = field(body!.content, 4);
  const susec = field(body!.content, 5);
  const code = field(body!.content, 6);
  if (!stime || !susec || !code) throw new Error('The KRB-ERROR lacks the KDC time; the reply is malformed.');
  const kdcTime = new Date(readGeneralizedTime(stime).getTime() + Math.floor(readInteger(susec) / 1000));
  return { kdcTime, errorCode: readInteger(code) };
}

function exchange(host: string, port: number, request: Buffer, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let received = Buffer.alloc(0);
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      reject(
        Object.assign(new Error(`The KDC ${host}:${port} did not answer within ${timeoutMs / 1000} s.`), {
          code: 'ETIMEDOUT',
        }),
      );
    });
    socket.on('error', reject);
    socket.on('connect', () => socket.write(request));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= 4 && received.length >= 4 + received.readUInt32BE(0)) {
        socket.end();
        resolve(received.subarray(4, 4 + received.readUInt32BE(0)));
      }
    });
  });
}

/**
 * Measure our clock against the KDC's over Kerberos' own TCP port: send an AS-REQ without pre-authentication,
 * read the time in the KRB-ERROR, and compare it with the midpoint of our send and receive times.
 */
export async function measureClockSkew(options: {
  host: string;
  port?: number;
  realm: string;
  principal: string;
  timeoutMs?: number;
}): Promise<ClockSkew> {
  const request = buildAsRequest(options.principal, options.realm, randomInt(1, 0x7fffffff));
  const sent = Date.now();
  const reply = await exchange(options.host, options.port ?? 88, request, options.timeoutMs ?? 5000);
  const received = Date.now();
  const { kdcTime, errorCode } = parseKrbError(reply);
  const midpoint = (sent + received) / 2;
  return {
    kdcTime,
    skewMs: Math.round(kdcTime.getTime() - midpoint),
    uncertaintyMs: Math.ceil((received - sent) / 2) + 1,
    errorCode,
  };
}
