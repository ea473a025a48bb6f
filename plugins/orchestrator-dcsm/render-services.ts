import type { PortBinding, Service, Stack, VolumeMount } from '../../lib/plugins/public-api.js';
import { defaultOf, escapeLiteral, spellValue } from './spell-value.js';

export const SERVICES_FILE = 'services.yaml';

/** The image a service runs: its own, or the tag its build produces (`<project>-<build>:<target>`, as compose names it). */
export function builtImage(stack: Stack, service: Service): string | undefined {
  return service.build ? `${stack.project.name}-${service.build.build}:${service.build.target}` : undefined;
}

function renderPort(port: PortBinding): string {
  const ip = port.hostIp ?? '127.0.0.1';
  if (port.host === 'auto') return `${ip}::${port.container}`;
  const host = port.hostVariable ? `\${${port.hostVariable}:-${port.host}}` : String(port.host);
  return `${ip}:${host}:${port.container}`;
}

function renderMount(mount: VolumeMount): string {
  const source =
    mount.type === 'bind' && !mount.source.startsWith('/') && !mount.source.startsWith('.')
      ? `./${mount.source}`
      : mount.source;
  return `${escapeLiteral(source)}:${mount.target}${mount.readOnly ? ':ro' : ''}`;
}

function renderService(stack: Stack, service: Service): Record<string, unknown> {
  const image = builtImage(stack, service);
  const out: Record<string, unknown> = {
    // DCSM's template: "name:version"; an unknown template runs the image of that name.
    template: image ?? (service.image !== undefined ? defaultOf(service.image) : service.name),
  };
  if (service.description) out.description = service.description;
  if (image) {
    const build = stack.builds[service.build!.build]!;
    out.build = {
      image,
      dockerfile: build.dockerfile,
      context: build.context,
      target: service.build!.target,
      ...(Object.keys(build.args).length
        ? { args: Object.fromEntries(Object.entries(build.args).map(([k, v]) => [k, spellValue(v)])) }
        : {}),
    };
  } else if (service.image !== undefined) {
    out.image = spellValue(service.image);
  }
  out.depends_on = Object.keys(service.dependsOn);
  out.persistent = service.persistent;
  out.health_check = Boolean(service.healthcheck);
  if (service.healthcheck) {
    const check = service.healthcheck;
    out.healthcheck = {
      test: check.test.map(escapeLiteral),
      ...(check.interval ? { interval: check.interval } : {}),
      ...(check.timeout ? { timeout: check.timeout } : {}),
      ...(check.retries ? { retries: check.retries } : {}),
      ...(check.startPeriod ? { start_period: check.startPeriod } : {}),
    };
  }
  if (service.oneShot) out.one_shot = true;
  if (service.profiles?.length) out.profiles = [...service.profiles];
  out.ports = service.ports.map(renderPort);
  if (service.entrypoint) out.entrypoint = service.entrypoint.map(escapeLiteral);
  if (service.command) out.command = service.command.map(escapeLiteral);
  if (service.user !== undefined) out.user = spellValue(service.user);
  const environment = Object.entries(service.environment);
  if (environment.length)
    out.environment = Object.fromEntries(environment.map(([k, v]) => [k, spellValue(v)]));
  if (service.volumes.length) out.volumes = service.volumes.map(renderMount);
  if (service.restart) out.restart = service.restart;
  out.labels = {
    'io.data-eng.project': stack.project.name,
    'io.data-eng.owner': service.owner,
    ...Object.fromEntries(Object.entries(service.labels).map(([k, v]) => [k, escapeLiteral(v)])),
  };
  return out;
}

/**
 * services.yaml in DCSM's format, from the same Stack as compose.yaml: `namespace`, `port_range` and
 * `services` with template, build, depends_on, persistent, health_check and ports, as DCSM reads them,
 * plus what a runner needs to start each service exactly as compose would (image, environment, volumes,
 * healthcheck, command). Values refer to .env with `${NAME}`, as in compose.yaml; secrets never appear.
 */
export function renderServices(stack: Stack): Record<string, unknown> {
  return {
    namespace: stack.project.name,
    port_range: 'auto',
    services: Object.fromEntries(
      Object.values(stack.services).map((service) => [service.name, renderService(stack, service)]),
    ),
    volumes: Object.fromEntries(
      Object.values(stack.volumes).map((volume) => [volume.name, { persistent: volume.persistent }]),
    ),
  };
}
