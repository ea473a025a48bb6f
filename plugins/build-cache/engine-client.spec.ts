import { createServer, type Server } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineClient } from './engine-client.js';

const dir = mkdtempSync(join(tmpdir(), 'build-cache-client-'));
const socketPath = join(dir, 'engine.sock');
const requests: string[] = [];
let server: Server;

beforeAll(async () => {
  // An engine that knows one image and counts what it is asked.
  server = createServer((socket) => {
    socket.once('data', (chunk) => {
      const line = chunk.toString().split('\r\n')[0]!;
      requests.push(line);
      const known = line.includes('/images/known%3A1/json');
      socket.end(
        known
          ? 'HTTP/1.1 200 OK\r\nContent-Length: 17\r\n\r\n{"Id":"sha256:1"}'
          : 'HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\n{}',
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
});

afterAll(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('EngineClient.prefetchImages', () => {
  it('asks once ahead of need, answers the next inspect from it, and asks again after that', async () => {
    const engine = new EngineClient({ socketPath, dockerHost: `unix://${socketPath}` });
    requests.length = 0;
    engine.prefetchImages(['known:1', 'missing:2', 'known:1']);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(requests).toHaveLength(2);
    expect(await engine.inspectImage('known:1')).toEqual({ Id: 'sha256:1' });
    expect(await engine.inspectImage('missing:2')).toBeUndefined();
    expect(requests).toHaveLength(2);
    await engine.inspectImage('known:1');
    expect(requests).toHaveLength(3);
  });

  it('tells when every request so far has been written, answered or not', async () => {
    const engine = new EngineClient({ socketPath, dockerHost: `unix://${socketPath}` });
    await engine.requestsSent();
    requests.length = 0;
    engine.prefetchImages(['known:1', 'missing:3']);
    await engine.requestsSent();
    // Written means the engine can read them: its answers arrive while the caller's loop is busy.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(requests).toHaveLength(2);
    const gone = join(dir, 'gone.sock');
    const down = new EngineClient({ socketPath: gone, dockerHost: `unix://${gone}` });
    down.prefetchImages(['known:1']);
    await down.requestsSent();
  });

  it('keeps a failed prefetch quiet until someone takes the answer', async () => {
    const gone = join(dir, 'gone.sock');
    const engine = new EngineClient({ socketPath: gone, dockerHost: `unix://${gone}` });
    engine.prefetchImages(['known:1']);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(engine.inspectImage('known:1')).rejects.toThrow(/does not answer/);
  });
});
