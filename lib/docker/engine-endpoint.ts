import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The engine (or another tool the command needs) is missing, unreachable or misconfigured; the message says what
 * to start or fix. The CLI maps it to its exit code for "a required tool or service is not running" (4).
 */
export class EnvironmentError extends Error {
  override readonly name = 'EnvironmentError';
}

/** Where the container engine listens, found the way the Docker CLI and the project's Docker client find it. */
export interface EngineEndpoint {
  readonly socketPath?: string;
  readonly host?: string;
  readonly port?: number;
  readonly tls?: { readonly ca: Buffer; readonly cert: Buffer; readonly key: Buffer };
  /** The same endpoint as a DOCKER_HOST value, handed to the docker CLI so builds land in this engine. */
  readonly dockerHost: string;
}

/** Docker's socket first, then rootless and rootful Podman sockets. */
function socketCandidates(env: NodeJS.ProcessEnv): string[] {
  return [
    '/var/run/docker.sock',
    env.XDG_RUNTIME_DIR ? `${env.XDG_RUNTIME_DIR}/podman/podman.sock` : '',
    typeof process.getuid === 'function' ? `/run/user/${process.getuid()}/podman/podman.sock` : '',
    '/run/podman/podman.sock',
  ].filter(Boolean);
}

/**
 * Resolve the engine endpoint: DOCKER_HOST (unix://, npipe://, tcp:// with DOCKER_TLS_VERIFY and
 * DOCKER_CERT_PATH) first, otherwise the first socket that exists.
 */
export function engineEndpoint(env: NodeJS.ProcessEnv = process.env): EngineEndpoint {
  const dockerHost = env.DOCKER_HOST;
  if (!dockerHost) {
    const socketPath = socketCandidates(env).find((path) => existsSync(path)) ?? '/var/run/docker.sock';
    return { socketPath, dockerHost: `unix://${socketPath}` };
  }
  if (dockerHost.startsWith('unix://')) return { socketPath: dockerHost.slice('unix://'.length), dockerHost };
  if (dockerHost.startsWith('npipe://')) {
    return { socketPath: dockerHost.slice('npipe://'.length).replaceAll('/', '\\'), dockerHost };
  }
  if (dockerHost.startsWith('ssh://')) {
    throw new EnvironmentError(
      `DOCKER_HOST "${dockerHost}" is an ssh:// address, which data-eng cannot use; forward the engine's socket (ssh -L /tmp/docker.sock:/var/run/docker.sock ...) and set DOCKER_HOST=unix:///tmp/docker.sock.`,
    );
  }
  if (!/^(tcp|http|https):\/\//.test(dockerHost)) {
    throw new EnvironmentError(
      `DOCKER_HOST "${dockerHost}" is not a unix://, npipe:// or tcp:// address; fix it or unset it to use the local engine.`,
    );
  }
  const url = new URL(dockerHost.replace(/^tcp:/, 'http:'));
  const verify =
    env.DOCKER_TLS_VERIFY !== undefined && env.DOCKER_TLS_VERIFY !== '' && env.DOCKER_TLS_VERIFY !== '0';
  if (!verify) return { host: url.hostname, port: Number(url.port || 2375), dockerHost };
  const certs = env.DOCKER_CERT_PATH ?? join(env.HOME ?? '', '.docker');
  return {
    host: url.hostname,
    port: Number(url.port || 2376),
    tls: {
      ca: readFileSync(join(certs, 'ca.pem')),
      cert: readFileSync(join(certs, 'cert.pem')),
      key: readFileSync(join(certs, 'key.pem')),
    },
    dockerHost,
  };
}

/** One sentence saying what to start when the engine does not answer. */
export function engineNotRunning(endpoint: EngineEndpoint, code: string | undefined): string {
  const where = endpoint.socketPath ?? `${endpoint.host}:${endpoint.port}`;
  if (code === 'EACCES') {
    return `Permission denied on the Docker socket ${where}: add your user to the docker group (sudo usermod -aG docker $USER, then log in again) or point DOCKER_HOST at an engine you may use.`;
  }
  return `The Docker engine at ${where} does not answer${code ? ` (${code})` : ''}: start Docker Desktop (and turn on WSL integration for this distro under Settings > Resources > WSL Integration), or start dockerd (sudo service docker start), or the Podman socket (systemctl --user start podman.socket), then run the command again.`;
}

/** The endpoint as dockerode's constructor options. */
export function dockerodeOptions(endpoint: EngineEndpoint): Record<string, unknown> {
  if (endpoint.socketPath) return { socketPath: endpoint.socketPath };
  return {
    host: endpoint.host,
    port: endpoint.port,
    ...(endpoint.tls ? { protocol: 'https', ...endpoint.tls } : {}),
  };
}

/** Where the endpoint is, as people write it: unix:///var/run/docker.sock, tcp://host:2375. */
export function endpointLabel(endpoint: EngineEndpoint): string {
  return endpoint.socketPath ? `unix://${endpoint.socketPath}` : endpoint.dockerHost;
}
