import { existsSync } from 'node:fs';
import type Docker from 'dockerode';
import type { EngineEndpoint } from '../docker/engine-endpoint.js';
import {
  dockerodeOptions,
  endpointLabel,
  engineEndpoint,
  engineNotRunning,
} from '../docker/engine-endpoint.js';
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
  /** What to do about it: start the engine, join the docker group, fix DOCKER_HOST. */
  readonly fix?: string;
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
  let endpoint: EngineEndpoint;
  try {
    endpoint = engineEndpoint(context.env);
  } catch (error) {
    const where = context.env.DOCKER_HOST ?? 'DOCKER_HOST';
    return { where, error: (error as Error).message, fix: (error as Error).message };
  }
  const where = endpointLabel(endpoint);
  if (endpoint.socketPath && !existsSync(endpoint.socketPath)) {
    return { where, error: `no socket at ${endpoint.socketPath}`, fix: engineNotRunning(endpoint, 'ENOENT') };
  }
  const { default: Dockerode } = await import('dockerode');
  const client: Docker = new Dockerode(dockerodeOptions(endpoint));
  try {
    const [version, info] = await Promise.all([
      withTimeout(client.version(), 'the engine'),
      withTimeout(client.info() as Promise<Record<string, unknown>>, 'the engine'),
    ]);
    return { where, client, version, info };
  } catch (error) {
    return {
      where,
      error: error instanceof Error ? error.message.split('\n')[0]! : String(error),
      fix: engineNotRunning(endpoint, (error as { code?: string }).code),
    };
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
