import { isAbsolute, resolve } from 'node:path';
import type { Variables } from './interpolate.js';
import { firstVariable, interpolate, interpolateDeep, MissingVariableError } from './interpolate.js';
import type { ServiceEntry, ServicesFile } from './services-file.js';

export interface PortSpec {
  readonly hostIp: string;
  /** The host port asked for, or auto. */
  readonly host: number | 'auto';
  readonly container: number;
  readonly protocol: 'tcp' | 'udp';
  /** The .env variable that sets the host port, for messages. */
  readonly variable?: string;
}

export interface MountSpec {
  readonly type: 'volume' | 'bind';
  /** A volume of services.yaml, or an absolute host path. */
  readonly source: string;
  readonly target: string;
  readonly readOnly: boolean;
}

/** A service ready to run: every `${...}` resolved, ports and mounts parsed. */
export interface RunService {
  readonly name: string;
  readonly image: string;
  /** The image comes from a build (data-eng build or compose), never from a registry. */
  readonly built: boolean;
  /** The .env variable that picks the image, for messages. */
  readonly imageVariable?: string;
  readonly template: string;
  readonly entrypoint?: readonly string[];
  readonly command?: readonly string[];
  readonly user?: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly ports: readonly PortSpec[];
  readonly mounts: readonly MountSpec[];
  readonly healthcheck?: NonNullable<ServiceEntry['healthcheck']>;
  readonly dependsOn: readonly string[];
  readonly persistent: boolean;
  readonly oneShot: boolean;
  readonly restart?: string;
  readonly labels: Readonly<Record<string, string>>;
  /**
   * Secret files by id, with their values from .env: copied into /run/secrets/<id> before the container starts,
   * never in its configuration, so `docker inspect` shows none of them.
   */
  readonly secrets: Readonly<Record<string, string>>;
}

/** Parse compose's short port syntax: `[ip:][host:]container[/proto]`, host empty for auto. */
export function parsePort(spec: string, variable: string | undefined, where: string): PortSpec {
  const match = /^(?:(?:\[([0-9a-f:]+)\]|(\d+\.\d+\.\d+\.\d+)):)?(?:(\d*):)?(\d+)(?:\/(tcp|udp))?$/i.exec(
    spec.trim(),
  );
  if (!match)
    throw new Error(
      `Port "${spec}" of ${where} is not [ip:][host:]container; fix it in services.yaml or .env.`,
    );
  const [, ip6, ip4, host, container, protocol] = match;
  return {
    hostIp: ip6 ?? ip4 ?? '127.0.0.1',
    host: host ? Number(host) : 'auto',
    container: Number(container),
    protocol: (protocol?.toLowerCase() as 'tcp' | 'udp' | undefined) ?? 'tcp',
    ...(variable ? { variable } : {}),
  };
}

function parseMount(spec: string, file: ServicesFile, projectDir: string, where: string): MountSpec {
  const [source = '', target, mode] = spec.split(':');
  if (!target)
    throw new Error(`Volume "${spec}" of ${where} is not source:target[:ro]; fix it in services.yaml.`);
  const bind = source.startsWith('.') || source.startsWith('/') || source.startsWith('~');
  if (!bind && !file.volumes[source]) {
    throw new Error(
      `${where} mounts volume "${source}", which services.yaml does not declare under volumes; add it there.`,
    );
  }
  return {
    type: bind ? 'bind' : 'volume',
    source: bind ? (isAbsolute(source) ? source : resolve(projectDir, source)) : source,
    target,
    readOnly: mode === 'ro',
  };
}

/** Resolve one service of services.yaml against the environment and .env. */
export function resolveService(
  file: ServicesFile,
  name: string,
  vars: Variables,
  projectDir: string,
): RunService {
  const entry = file.services[name]!;
  const where = `service "${name}"`;
  const rawImage = entry.build?.image ?? entry.image;
  if (!rawImage) throw new Error(`${where} has neither image nor build.image in services.yaml; add one.`);
  const imageVariable = entry.build ? undefined : firstVariable(rawImage);
  const environment = Object.fromEntries(
    Object.entries(entry.environment).map(([key, value]) => [key, interpolate(String(value), vars, where)]),
  );
  return {
    name,
    image: interpolate(rawImage, vars, where),
    built: Boolean(entry.build),
    ...(imageVariable ? { imageVariable } : {}),
    template: entry.template ?? rawImage,
    ...(entry.entrypoint ? { entrypoint: interpolateDeep(entry.entrypoint, vars, where) } : {}),
    ...(entry.command ? { command: interpolateDeep(entry.command, vars, where) } : {}),
    ...(entry.user !== undefined ? { user: interpolate(entry.user, vars, where) } : {}),
    environment,
    ports: entry.ports.map((port) =>
      parsePort(interpolate(String(port), vars, where), firstVariable(String(port)), where),
    ),
    mounts: entry.volumes.map((volume) =>
      parseMount(interpolate(volume, vars, where), file, projectDir, where),
    ),
    ...(entry.healthcheck ? { healthcheck: interpolateDeep(entry.healthcheck, vars, where) } : {}),
    dependsOn: entry.depends_on,
    persistent: entry.persistent,
    oneShot: entry.one_shot,
    ...(entry.restart ? { restart: entry.restart } : {}),
    labels: interpolateDeep(entry.labels, vars, where),
    secrets: Object.fromEntries(
      Object.entries(entry.secrets).map(([id, variable]) => {
        const value = vars[variable];
        if (value === undefined || value === '')
          throw new MissingVariableError(
            `${variable} is not set (its file ${id} is read by ${where}); set it in .env (data-eng secrets ls shows which are set).`,
          );
        return [id, value];
      }),
    ),
  };
}
