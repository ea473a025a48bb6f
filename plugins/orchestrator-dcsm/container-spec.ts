import { createHash } from 'node:crypto';
import type Docker from 'dockerode';
import type { Names } from './names.js';
import { LABEL } from './names.js';
import type { PortSpec, RunService } from './resolve-service.js';

const UNITS: Record<string, number> = { ns: 1, us: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** A compose duration ("5s", "1m30s", "500ms") in nanoseconds, as the engine wants it. */
export function durationNs(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  let total = 0;
  let rest = text.trim();
  while (rest) {
    const match = /^(\d+(?:\.\d+)?)(ns|us|ms|s|m|h)/.exec(rest);
    if (!match)
      throw new Error(`"${text}" is not a duration; write it like 10s, 500ms or 1m30s in services.yaml.`);
    total += Number(match[1]) * UNITS[match[2]!]!;
    rest = rest.slice(match[0].length);
  }
  return Math.round(total);
}

export function portKey(port: PortSpec): string {
  return `${port.container}/${port.protocol}`;
}

/** The engine's HEALTHCHECK for a services.yaml healthcheck. */
function healthcheck(service: RunService): Docker.ContainerCreateOptions['Healthcheck'] {
  const check = service.healthcheck;
  if (!check) return undefined;
  return {
    Test: [...check.test],
    ...(check.interval ? { Interval: durationNs(check.interval) } : {}),
    ...(check.timeout ? { Timeout: durationNs(check.timeout) } : {}),
    ...(check.retries ? { Retries: check.retries } : {}),
    ...(check.start_period ? { StartPeriod: durationNs(check.start_period) } : {}),
  };
}

/**
 * The create options of a service's container. `hostPorts` holds the host port picked for each port
 * ("" lets the engine pick, for auto). The config hash covers everything but the picked host ports, plus
 * the image ID, so a changed image or setting recreates the container and nothing else does.
 */
export function containerSpec(
  service: RunService,
  names: Names,
  imageId: string,
  hostPorts: ReadonlyMap<PortSpec, string>,
): Docker.ContainerCreateOptions {
  const bindings = (
    pick: (port: PortSpec) => string,
  ): Record<string, { HostIp: string; HostPort: string }[]> => {
    const out: Record<string, { HostIp: string; HostPort: string }[]> = {};
    for (const port of service.ports)
      (out[portKey(port)] ??= []).push({ HostIp: port.hostIp, HostPort: pick(port) });
    return out;
  };
  const spec: Docker.ContainerCreateOptions = {
    name: names.container(service.name),
    Image: service.image,
    ...(service.entrypoint ? { Entrypoint: [...service.entrypoint] } : {}),
    ...(service.command ? { Cmd: [...service.command] } : {}),
    ...(service.user ? { User: service.user } : {}),
    Env: Object.entries(service.environment).map(([key, value]) => `${key}=${value}`),
    ExposedPorts: Object.fromEntries(service.ports.map((port) => [portKey(port), {}])),
    ...(service.healthcheck ? { Healthcheck: healthcheck(service) } : {}),
    Labels: {
      ...service.labels,
      ...names.labels,
      [LABEL.service]: service.name,
      [LABEL.template]: service.template,
      [LABEL.persistent]: String(service.persistent),
    },
    HostConfig: {
      Binds: service.mounts.map(
        (m) =>
          `${m.type === 'volume' ? names.volume(m.source) : m.source}:${m.target}${m.readOnly ? ':ro' : ''}`,
      ),
      PortBindings: bindings((port) => (port.host === 'auto' ? '' : String(port.host))),
      RestartPolicy: { Name: service.restart === 'no' || !service.restart ? '' : service.restart },
      NetworkMode: names.network,
    },
    NetworkingConfig: { EndpointsConfig: { [names.network]: { Aliases: [service.name] } } },
  };
  // The secret files' ids count (a new one recreates the container); their values are copied at every start.
  const secretIds = Object.keys(service.secrets).sort();
  const hash = createHash('sha256').update(JSON.stringify({ spec, imageId, secretIds })).digest('hex');
  spec.Labels![LABEL.configHash] = hash;
  spec.HostConfig!.PortBindings = bindings((port) => hostPorts.get(port) ?? '');
  return spec;
}
