import { existsSync } from 'node:fs';
import type Docker from 'dockerode';
import { dockerSocket } from '../docker/docker-client.js';
import type { DoctorContext } from './check.js';

/** What the engine told us, once per doctor run: shared by the Docker and resources checks. */
export interface EngineReport {
  /** unix:///var/run/docker.sock, tcp://host:2375... */
  readonly where: string;
  readonly client?: Docker;
  readonly version?: Docker.DockerVersion;
  readonly info?: Record<string, unknown>;
  /** Why the engine could not be reached. */
  readonly error?: string;
}

const reports = new WeakMap<DoctorContext, Promise<EngineReport>>();
const TIMEOUT_MS = 10_000;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} did not answer within 10 s`)), TIMEOUT_MS).unref(),
    ),
  ]);
}

async function connect(context: DoctorContext): Promise<EngineReport> {
  const target = dockerSocket(context.env);
  const where = target.host ?? `unix://${target.socketPath}`;
  if (target.socketPath && !existsSync(target.socketPath)) {
    return { where, error: `no socket at ${target.socketPath}` };
  }
  const { default: Dockerode } = await import('dockerode');
  let client: Docker;
  if (target.host) {
    const url = new URL(target.host.replace(/^tcp:/, 'http:'));
    client = new Dockerode({ host: url.hostname, port: Number(url.port || 2375) });
  } else {
    client = new Dockerode({ socketPath: target.socketPath! });
  }
  try {
    const [version, info] = await Promise.all([
      withTimeout(client.version(), 'the engine'),
      withTimeout(client.info() as Promise<Record<string, unknown>>, 'the engine'),
    ]);
    return { where, client, version, info };
  } catch (error) {
    return { where, error: error instanceof Error ? error.message.split('\n')[0]! : String(error) };
  }
}

/** Connect to the engine the way data-eng does (DOCKER_HOST, then Docker's socket, then Podman's), once per run. */
export function engineReport(context: DoctorContext): Promise<EngineReport> {
  let report = reports.get(context);
  if (!report) {
    report = connect(context);
    reports.set(context, report);
  }
  return report;
}
