import { existsSync } from 'node:fs';
import type Docker from 'dockerode';

/** Docker is missing or not running; the message says what to start. Exit code 4. */
export class EnvironmentError extends Error {
  override readonly name = 'EnvironmentError';
}

/** Where to find the engine: DOCKER_HOST first, then Docker's socket, then a rootless Podman socket. */
export function dockerSocket(env: NodeJS.ProcessEnv = process.env): { socketPath?: string; host?: string } {
  if (env.DOCKER_HOST) {
    const url = env.DOCKER_HOST;
    if (url.startsWith('unix://')) return { socketPath: url.slice('unix://'.length) };
    return { host: url };
  }
  const candidates = [
    '/var/run/docker.sock',
    env.XDG_RUNTIME_DIR ? `${env.XDG_RUNTIME_DIR}/podman/podman.sock` : '',
    typeof process.getuid === 'function' ? `/run/user/${process.getuid()}/podman/podman.sock` : '',
    '/run/podman/podman.sock',
  ].filter(Boolean);
  return { socketPath: candidates.find((path) => existsSync(path)) ?? '/var/run/docker.sock' };
}

export const DOCKER_NOT_RUNNING =
  'The Docker engine does not answer. Start Docker Desktop (and turn on WSL integration for this distro under Settings > Resources > WSL Integration), or run dockerd / start the Podman socket, then try again.';

/** A connected dockerode client; throws an EnvironmentError with what to start if the engine is not there. */
export async function createDockerClient(): Promise<Docker> {
  const { default: Dockerode } = await import('dockerode');
  const where = dockerSocket();
  let client: Docker;
  if (where.host) {
    const url = new URL(where.host.replace(/^tcp:/, 'http:'));
    client = new Dockerode({ host: url.hostname, port: Number(url.port || 2375) });
  } else {
    client = new Dockerode({ socketPath: where.socketPath! });
  }
  try {
    await client.ping();
  } catch {
    throw new EnvironmentError(`${DOCKER_NOT_RUNNING} (tried ${where.host ?? where.socketPath})`);
  }
  return client;
}
