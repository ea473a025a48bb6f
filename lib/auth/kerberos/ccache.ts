/**
 * A reader for MIT Kerberos FILE credential caches (format versions 3 and 4, big-endian), enough to tell
 * whose ticket it is and how long it lasts. Format: https://web.mit.edu/kerberos/krb5-devel/doc/formats/ccache_file_format.html
 */

/** A principal: alice@CORP.EXAMPLE.COM is realm CORP.EXAMPLE.COM, components [alice]. */
export interface KerberosPrincipal {
  readonly realm: string;
  readonly components: readonly string[];
}

/** One ticket in the cache, with its times. */
export interface Credential {
  readonly client: KerberosPrincipal;
  readonly server: KerberosPrincipal;
  readonly authTime: Date;
  readonly startTime: Date;
  readonly endTime: Date;
  /** undefined when the ticket is not renewable. */
  readonly renewTill?: Date;
  readonly flags: number;
}

/** A parsed FILE cache: its default principal and its tickets. */
export interface Ccache {
  readonly version: number;
  readonly principal: KerberosPrincipal;
  readonly credentials: readonly Credential[];
}

/** The cache is not a readable MIT FILE cache; the message names what is wrong. */
export class CcacheFormatError extends Error {
  override readonly name = 'CcacheFormatError';
}

/** Ticket flag bits (RFC 4120 order, as MIT stores them). */
export const TICKET_FLAGS = { forwardable: 0x40000000, renewable: 0x00800000, initial: 0x00400000 } as const;

/** user@REALM, or service/host@REALM. */
export function formatPrincipal(principal: KerberosPrincipal): string {
  return `${principal.components.join('/')}@${principal.realm}`;
}

class Reader {
  #offset = 0;
  constructor(private readonly buffer: Buffer) {}
  get done(): boolean {
    return this.#offset >= this.buffer.length;
  }
  #need(bytes: number): void {
    if (this.#offset + bytes > this.buffer.length) {
      throw new CcacheFormatError(
        `The ticket cache ends early at byte ${this.#offset}; it is truncated or not a FILE cache.`,
      );
    }
  }
  u8(): number {
    this.#need(1);
    return this.buffer.readUInt8(this.#offset++);
  }
  u16(): number {
    this.#need(2);
    const value = this.buffer.readUInt16BE(this.#offset);
    this.#offset += 2;
    return value;
  }
  u32(): number {
    this.#need(4);
    const value = this.buffer.readUInt32BE(this.#offset);
    this.#offset += 4;
    return value;
  }
  bytes(length: number): Buffer {
    this.#need(length);
    const value = this.buffer.subarray(this.#offset, this.#offset + length);
    this.#offset += length;
    return value;
  }
  octets(): Buffer {
    return this.bytes(this.u32());
  }
  skip(length: number): void {
    this.bytes(length);
  }
}

function readPrincipal(reader: Reader): KerberosPrincipal {
  reader.u32(); // name type
  const count = reader.u32();
  const realm = reader.octets().toString('utf8');
  const components = Array.from({ length: count }, () => reader.octets().toString('utf8'));
  return { realm, components };
}

function readCredential(reader: Reader, version: number): Credential {
  const client = readPrincipal(reader);
  const server = readPrincipal(reader);
  reader.u16(); // keyblock enctype
  if (version === 3) reader.u16(); // version 3 writes the enctype twice
  reader.octets(); // key
  const [authTime, startTime, endTime, renewTill] = [reader.u32(), reader.u32(), reader.u32(), reader.u32()];
  reader.u8(); // is_skey
  const flags = reader.u32();
  for (let count = reader.u32(); count > 0; count--) {
    reader.u16();
    reader.octets();
  }
  for (let count = reader.u32(); count > 0; count--) {
    reader.u16();
    reader.octets();
  }
  reader.octets(); // ticket
  reader.octets(); // second ticket
  const date = (seconds: number): Date => new Date(seconds * 1000);
  return {
    client,
    server,
    authTime: date(authTime),
    startTime: date(startTime || authTime),
    endTime: date(endTime),
    ...(renewTill && flags & TICKET_FLAGS.renewable ? { renewTill: date(renewTill) } : {}),
    flags,
  };
}

/** Parse a FILE ccache; configuration entries (X-CACHECONF:) are left out of `credentials`. */
export function parseCcache(buffer: Buffer): Ccache {
  const reader = new Reader(buffer);
  const magic = reader.u8();
  const version = reader.u8();
  if (magic !== 5 || (version !== 3 && version !== 4)) {
    throw new CcacheFormatError(
      `The ticket cache starts with 0x${magic.toString(16)}${version.toString(16).padStart(2, '0')}, not 0x0503 or 0x0504; it is not an MIT FILE cache of a supported version.`,
    );
  }
  if (version === 4) reader.skip(reader.u16()); // header tags (KDC time offset)
  const principal = readPrincipal(reader);
  const credentials: Credential[] = [];
  while (!reader.done) {
    const credential = readCredential(reader, version);
    if (credential.server.realm !== 'X-CACHECONF:') credentials.push(credential);
  }
  return { version, principal, credentials };
}

/** The ticket-granting ticket for `realm` (krbtgt/REALM@REALM), the one every other ticket comes from. */
export function findTgt(cache: Ccache, realm = cache.principal.realm): Credential | undefined {
  return cache.credentials.find(
    (credential) =>
      credential.server.components[0] === 'krbtgt' &&
      credential.server.components[1] === realm &&
      credential.server.realm === realm,
  );
}
