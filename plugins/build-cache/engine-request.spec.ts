import { createServer, type Server } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { engineRequest, parseResponse } from './engine-request.js';

describe('engine HTTP over a socket', () => {
  it('reads a Content-Length body and a chunked one', () => {
    expect(parseResponse(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}'))).toEqual({
      status: 200,
      body: '{}',
    });
    const chunked =
      'HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{"me\r\n9\r\nssage":1}\r\n0\r\n\r\n';
    expect(parseResponse(Buffer.from(chunked))).toEqual({ status: 404, body: '{"message":1}' });
  });

  const dir = mkdtempSync(join(tmpdir(), 'build-cache-sock-'));
  let server: Server | undefined;
  afterAll(() => {
    server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends one request per connection and reads the answer to the end', async () => {
    const socketPath = join(dir, 'engine.sock');
    const seen: string[] = [];
    server = createServer((socket) => {
      socket.once('data', (chunk) => {
        seen.push(chunk.toString().split('\r\n')[0]!);
        socket.end('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{"Os":"linux"}');
      });
    });
    await new Promise<void>((resolve) => server!.listen(socketPath, resolve));
    const response = await engineRequest(
      { socketPath, dockerHost: `unix://${socketPath}` },
      'GET',
      '/version',
    );
    expect(response).toEqual({ status: 200, body: '{"Os":"linux"}' });
    expect(seen).toEqual(['GET /version HTTP/1.1']);
  });

  it('says what to start when nothing listens', async () => {
    const socketPath = join(dir, 'nothing.sock');
    const request = engineRequest({ socketPath, dockerHost: `unix://${socketPath}` }, 'GET', '/version');
    await expect(request).rejects.toThrow(/does not answer \(ENOENT\): start Docker Desktop/);
    // The CLI's exit code for "a required service is not running" goes by this name.
    await expect(request).rejects.toMatchObject({ name: 'EnvironmentError' });
  });
});
