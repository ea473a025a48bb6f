/** The little DER (ASN.1) a Kerberos clock probe needs: build a few types, walk a reply. */

/** Universal tags used by Kerberos messages. */
export const TAG = {
  integer: 0x02,
  bitString: 0x03,
  sequence: 0x30,
  generalizedTime: 0x18,
  generalString: 0x1b,
} as const;

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** One TLV. */
export function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodeLength(content.length), content]);
}

/** A context-specific, constructed tag [n] around `inner`. */
export function explicit(n: number, inner: Buffer): Buffer {
  return tlv(0xa0 + n, inner);
}

/** A SEQUENCE of already encoded items. */
export function sequence(...items: Buffer[]): Buffer {
  return tlv(TAG.sequence, Buffer.concat(items));
}

/** A non-negative INTEGER (two's complement, so a high first bit gets a leading zero). */
export function integer(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  do {
    bytes.unshift(rest % 256);
    rest = Math.floor(rest / 256);
  } while (rest > 0);
  if (bytes[0]! & 0x80) bytes.unshift(0);
  return tlv(TAG.integer, Buffer.from(bytes));
}

/** A GeneralString (Kerberos names and realms). */
export function generalString(text: string): Buffer {
  return tlv(TAG.generalString, Buffer.from(text, 'utf8'));
}

/** A KerberosTime: GeneralizedTime in UTC, whole seconds. */
export function generalizedTime(date: Date): Buffer {
  const text = date
    .toISOString()
    .replace(/[-:T]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return tlv(TAG.generalizedTime, Buffer.from(text, 'ascii'));
}

/** A decoded TLV: its tag and its content bytes. */
export interface Node {
  readonly tag: number;
  readonly content: Buffer;
}

/** The TLVs directly inside `buffer`, in order. */
export function children(buffer: Buffer): Node[] {
  const nodes: Node[] = [];
  let offset = 0;
  while (offset < buffer.length) {
    const tag = buffer[offset]!;
    let length = buffer[offset + 1];
    if (length === undefined) throw new Error('DER data ends inside a tag; the reply is truncated.');
    offset += 2;
    if (length & 0x80) {
      const count = length & 0x7f;
      length = 0;
      for (let index = 0; index < count; index++) length = length * 256 + buffer[offset + index]!;
      offset += count;
    }
    if (offset + length > buffer.length)
      throw new Error('DER data ends inside a value; the reply is truncated.');
    nodes.push({ tag, content: buffer.subarray(offset, offset + length) });
    offset += length;
  }
  return nodes;
}

/** The field [n] of a SEQUENCE's content, unwrapped. */
export function field(sequenceContent: Buffer, n: number): Node | undefined {
  const wrapper = children(sequenceContent).find((node) => node.tag === 0xa0 + n);
  return wrapper ? children(wrapper.content)[0] : undefined;
}

/** An INTEGER's value (two's complement). */
export function readInteger(node: Node): number {
  let value = node.content[0]! & 0x80 ? -1 : 0;
  for (const byte of node.content) value = value * 256 + byte;
  return value;
}

/** GeneralizedTime YYYYMMDDHHMMSS[.fff]Z as a Date. */
export function readGeneralizedTime(node: Node): Date {
  const text = node.content.toString('ascii');
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d+))?Z$/.exec(text);
  if (!match) throw new Error(`"${text}" is not a GeneralizedTime in UTC.`);
  const [, y, mo, d, h, mi, s, fraction] = match;
  const ms = fraction ? Math.round(Number(`0.${fraction}`) * 1000) : 0;
  return new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms));
}

/** A BIT STRING of `bits` zero bits (Kerberos flags with nothing set). */
export function bitStringZero(bits: number): Buffer {
  return tlv(TAG.bitString, Buffer.alloc(1 + Math.ceil(bits / 8)));
}
