import { createServer } from 'node:net';
import type { Stack } from '../../lib/plugins/public-api.js';
import { HOOK_EXIT, PluginError } from '../../lib/plugins/public-api.js';

/** A fixed host port a service publishes, after .env and the environment had their say. */
export interface HostPort {
  readonly service: string;
  readonly container: number;
  readonly hostIp: string;
  readonly port: number;
  /** The .env variable that sets it, e.g. POSTGRES_PORT. */
  readonly variable?: string;
}

/**
 * The services an `up` starts: the ones named and everything they depend on, or, with no names, every
 * service outside a profile (what compose starts by default).
 */
export function serviceClosure(stack: Stack, requested: readonly string[]): string[] {
  const roots = requested.length
    ? requested
    : Object.values(stack.services)
        .filter((service) => !service.profiles?.length)
        .map((service) => service.name);
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const dependency of Object.keys(stack.services[name]?.dependsOn ?? {})) visit(dependency);
  };
  roots.forEach(visit);
  return [...seen].sort();
}

/** Refuse service names the project does not have, listing the ones it does. */
export function checkServiceNames(stack: Stack, names: readonly string[]): void {
  const unknown = names.filter((name) => !stack.services[name]);
  if (unknown.length > 0) {
    throw new PluginError(
      `Unknown service ${unknown.map((name) => `"${name}"`).join(', ')}; choose from: ${Object.keys(stack.services).join(', ')}.`,
      HOOK_EXIT.usage,
    );
  }
}

/** The fixed host ports of these services; `env` is the environment over .env, as compose reads them. */
export function plannedHostPorts(
  stack: Stack,
  services: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): HostPort[] {
  const ports: HostPort[] = [];
  for (const name of services) {
    for (const binding of stack.services[name]?.ports ?? []) {
      if (binding.host === 'auto') continue;
      const raw = binding.hostVariable ? env[binding.hostVariable] : undefined;
      const port = raw === undefined || raw === '' ? binding.host : Number(raw);
      if (!Number.isInteger(port) || port < 1 || port > 65535) {
        throw new Error(
          `${binding.hostVariable}=${raw} is not a port number; set ${binding.hostVariable} in .env to a port between 1024 and 65535.`,
        );
      }
      ports.push({
        service: name,
        container: binding.container,
        hostIp: binding.hostIp ?? '127.0.0.1',
        port,
        ...(binding.hostVariable ? { variable: binding.hostVariable } : {}),
      });
    }
  }
  return ports;
}

/** Whether nothing listens on host:port, tested by binding it for a moment. */
export function portIsFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** The first free port above `from`, to suggest in a message. */
export async function nextFreePort(host: string, from: number): Promise<number | undefined> {
  for (let port = from + 1; port <= Math.min(65535, from + 200); port++) {
    if (await portIsFree(host, port)) return port;
  }
  return undefined;
}
