import { connect as connectNet, type Socket } from 'node:net';
import type { EngineEndpoint } from '../../lib/plugins/public-api.js';
import { EnvironmentError, engineNotRunning } from '../../lib/plugins/public-api.js';

export interface EngineResponse {
  readonly status: number;
  readonly body: string;
}

const DOWN = ['ECONNREFUSED', 'ENOENT', 'EACCES', 'EHOSTUNREACH', 'ETIMEDOUT', 'ENOTSOCK'];

/** Decode a `Transfer-Encoding: chunked` body. */
export function dechunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', offset);
    if (lineEnd < 0) break;
    const size = parseInt(body.toString('latin1', offset, lineEnd), 16);
    if (!size) break;
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/** Split a raw HTTP/1.1 response into its status and decoded body. */
export function parseResponse(raw: Buffer): EngineResponse {
  const headerEnd = raw.indexOf('\r\n\r\n');
  if (headerEnd < 0)
    throw new Error('The engine sent an incomplete HTTP response; is DOCKER_HOST a Docker API endpoint?');
  const head = raw.toString('latin1', 0, headerEnd);
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
  const body = raw.subarray(headerEnd + 4);
  const chunked = /\r\ntransfer-encoding:\s*chunked/i.test(head);
  return { status, body: (chunked ? dechunk(body) : body).toString('utf8') };
}

/**
 * One request to the engine API over its socket, `Connection: close`, read to the end. Hand-written on
 * `net` because loading `node:http` alone costs a fifth of a cache hit's whole budget.
 */
export async function engineRequest(
  endpoint: EngineEndpoint,
  method: string,
  path: string,
  /** Called once the request has left for the engine (or failed to). */
  onSent?: () => void,
): Promise<EngineResponse> {
  const socket: Socket = endpoint.tls
    ? (await import('node:tls')).connect({
        host: endpoint.host,
        port: endpoint.port,
        ...endpoint.tls,
        servername: endpoint.host,
      })
    : endpoint.socketPath
      ? connectNet(endpoint.socketPath)
      : connectNet(endpoint.port!, endpoint.host);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => {
      try {
        resolve(parseResponse(Buffer.concat(chunks)));
      } catch (error) {
        reject(error);
      }
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        DOWN.includes(error.code ?? '')
          ? new EnvironmentError(engineNotRunning(endpoint, error.code))
          : error,
      );
    });
    socket.write(
      `${method} ${path} HTTP/1.1\r\nHost: docker\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
      () => onSent?.(),
    );
  });
}
