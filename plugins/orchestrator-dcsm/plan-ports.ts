import { createServer } from 'node:net';
import type { PortSpec, RunService } from './resolve-service.js';

/** Where a service's port ends up on the host, and why when it is not the port asked for. */
export interface PortAssignment {
  readonly service: string;
  readonly container: number;
  readonly hostIp: string;
  /** The port asked for, or auto. */
  readonly wanted: number | 'auto';
  /** The port picked before start; undefined for auto (the engine picks it). */
  readonly host?: number;
  readonly variable?: string;
  /** taken: another program holds the wanted port; conflict: another service of the stack asked for it too. */
  readonly reason?: 'taken' | 'conflict';
}

/** Whether nothing listens on host:port, tested by binding it for a moment. */
export function portIsFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

const SEARCH = 200;

/**
 * Pick the host ports of the services that need a new container, before any of them starts: each wanted
 * port if it is free, else the next free one above it (also when two services of the stack ask for the
 * same port). `held` lists ports the namespace's own kept containers publish (`ip:port`). Auto ports are
 * left to the engine, which picks a free one at start.
 */
export async function planPorts(
  services: readonly RunService[],
  held: ReadonlySet<string>,
): Promise<{ hostPorts: Map<PortSpec, string>; assignments: PortAssignment[] }> {
  const hostPorts = new Map<PortSpec, string>();
  const assignments: PortAssignment[] = [];
  const taken = new Set(held);
  for (const service of services) {
    for (const port of service.ports) {
      const base = {
        service: service.name,
        container: port.container,
        hostIp: port.hostIp,
        wanted: port.host,
        ...(port.variable ? { variable: port.variable } : {}),
      };
      if (port.host === 'auto') {
        hostPorts.set(port, '');
        assignments.push(base);
        continue;
      }
      let host = port.host;
      let reason: PortAssignment['reason'];
      const isOurs = (candidate: number): boolean => taken.has(`${port.hostIp}:${candidate}`);
      if (isOurs(host)) reason = 'conflict';
      else if (!(await portIsFree(port.hostIp, host))) reason = 'taken';
      if (reason) {
        let found: number | undefined;
        for (let candidate = host + 1; candidate <= Math.min(65535, host + SEARCH); candidate++) {
          if (!isOurs(candidate) && (await portIsFree(port.hostIp, candidate))) {
            found = candidate;
            break;
          }
        }
        if (found === undefined) {
          throw new Error(
            `No free port on ${port.hostIp} from ${host} to ${host + SEARCH} for ${service.name}; ${port.variable ? `set ${port.variable} in .env` : 'change its port in services.yaml'} to a free range.`,
          );
        }
        host = found;
      }
      taken.add(`${port.hostIp}:${host}`);
      hostPorts.set(port, String(host));
      assignments.push({ ...base, host, ...(reason ? { reason } : {}) });
    }
  }
  return { hostPorts, assignments };
}

/** One line per moved port, e.g. "postgres: 127.0.0.1:5433 (POSTGRES_PORT 5432 is taken)". */
export function describeMoves(assignments: readonly PortAssignment[]): string[] {
  return assignments
    .filter((a) => a.reason)
    .map(
      (a) =>
        `${a.service}: ${a.hostIp}:${a.host} -> ${a.container} (${a.variable ?? 'port'} ${String(a.wanted)} ${a.reason === 'taken' ? 'is taken by another program' : 'is asked for by another service'}; set ${a.variable ?? 'the port'} in .env to keep a fixed port)`,
    );
}
