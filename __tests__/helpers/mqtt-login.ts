import { connect } from 'node:net';

function utf8Field(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  const length = Buffer.alloc(2);
  length.writeUInt16BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

function remainingLength(length: number): Buffer {
  const bytes: number[] = [];
  do {
    let byte = length % 128;
    length = Math.floor(length / 128);
    if (length > 0) byte |= 0x80;
    bytes.push(byte);
  } while (length > 0);
  return Buffer.from(bytes);
}

/**
 * Log in to an MQTT 3.1.1 broker and return the CONNACK return code: 0 accepted, 4 bad user name or
 * password, 5 not authorised. A real client round trip, with nothing but a TCP socket.
 */
export function mqttLogin(port: number, username: string, password: string): Promise<number> {
  const body = Buffer.concat([
    utf8Field('MQTT'),
    Buffer.from([0x04, 0xc2, 0x00, 0x3c]), // level 4; user name, password, clean session; keep-alive 60 s
    utf8Field(`data-eng-e2e-${process.pid}`),
    utf8Field(username),
    utf8Field(password),
  ]);
  const packet = Buffer.concat([Buffer.from([0x10]), remainingLength(body.length), body]);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => socket.write(packet));
    let received = Buffer.alloc(0);
    socket.setTimeout(10_000, () => socket.destroy(new Error(`no CONNACK from 127.0.0.1:${port} in 10 s`)));
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 4) return;
      socket.end();
      if (received[0] !== 0x20)
        reject(new Error(`expected CONNACK, got packet type 0x${received[0]!.toString(16)}`));
      else resolve(received[3]!);
    });
    socket.on('error', reject);
  });
}
