import {
  builtImageName,
  composeHealthcheck,
  composePort,
  composeValue,
  composeVolume,
  escapeComposeLiteral,
  environmentSecretFiles,
  secretFileId,
  type Service,
  type Stack,
} from '../../lib/plugins/public-api.js';
import { defaultOf } from './spell-value.js';

export const SERVICES_FILE = 'services.yaml';

/** The image a service runs: its own, or the tag its build produces (`<project>-<build>:<target>`, as compose names it). */
export function builtImage(stack: Stack, service: Service): string | undefined {
  return service.build
    ? builtImageName(stack.project.name, service.build.build, service.build.target)
    : undefined;
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
        ? { args: Object.fromEntries(Object.entries(build.args).map(([k, v]) => [k, composeValue(v)])) }
        : {}),
    };
  } else if (service.image !== undefined) {
    out.image = composeValue(service.image);
  }
  out.depends_on = Object.keys(service.dependsOn);
  out.persistent = service.persistent;
  out.health_check = Boolean(service.healthcheck);
  if (service.healthcheck) out.healthcheck = composeHealthcheck(service.healthcheck);
  if (service.oneShot) out.one_shot = true;
  if (service.profiles?.length) out.profiles = [...service.profiles];
  out.ports = service.ports.map(composePort);
  if (service.entrypoint) out.entrypoint = service.entrypoint.map(escapeComposeLiteral);
  if (service.command) out.command = service.command.map(escapeComposeLiteral);
  if (service.user !== undefined) out.user = composeValue(service.user);
  const environment = Object.entries(service.environment);
  if (environment.length)
    out.environment = Object.fromEntries(environment.map(([k, v]) => [k, composeValue(v)]));
  if (service.volumes.length) out.volumes = service.volumes.map(composeVolume);
  // The secrets the service reads from files: by id, the .env variable the runner copies into /run/secrets/<id>.
  const files = environmentSecretFiles(service.environment);
  if (files.length) out.secrets = Object.fromEntries(files.map((name) => [secretFileId(name), name]));
  if (service.restart) out.restart = service.restart;
  out.labels = {
    'io.data-eng.project': stack.project.name,
    'io.data-eng.owner': service.owner,
    ...Object.fromEntries(Object.entries(service.labels).map(([k, v]) => [k, escapeComposeLiteral(v)])),
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
