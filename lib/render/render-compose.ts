import { builtImageName } from '../model/image-name.js';
import { environmentSecretFiles, secretFileId, secretFilePath } from '../model/env-value.js';
import type { Service, Stack } from '../model/stack.js';
import {
  composeHealthcheck,
  composePort,
  composeValue,
  composeVolume,
  escapeComposeLiteral,
} from './compose-value.js';

export const PROJECT_LABEL = 'io.data-eng.project';
export const OWNER_LABEL = 'io.data-eng.owner';

/** compose.yaml as a plain object; serialisation happens once, where files are written. */
export function renderCompose(stack: Stack): Record<string, unknown> {
  const services = Object.fromEntries(
    Object.values(stack.services).map((service) => [service.name, renderService(stack, service)]),
  );
  const volumes = Object.fromEntries(
    Object.values(stack.volumes).map((volume) => [
      volume.name,
      { labels: { [PROJECT_LABEL]: stack.project.name, [OWNER_LABEL]: volume.owner } },
    ]),
  );
  const secrets = buildSecrets(stack);
  return {
    name: stack.project.name,
    services,
    ...(Object.keys(volumes).length > 0 ? { volumes } : {}),
    ...(Object.keys(secrets).length > 0 ? { secrets } : {}),
  };
}

/**
 * Compose's top-level secrets, each read by compose from a variable of the environment or `.env`: the build
 * secrets of the builds services use (an unset variable gives no secret, and the RUN step that mounts it sees no
 * file), and the secrets services read from files under /run/secrets, whose values are then in no container's
 * environment.
 */
function buildSecrets(stack: Stack): Record<string, { environment: string }> {
  const secrets: Record<string, { environment: string }> = {};
  const add = (id: string, variable: string, what: string): void => {
    const taken = secrets[id];
    if (taken && taken.environment !== variable) {
      throw new Error(
        `${what} "${id}" is read from both ${taken.environment} and ${variable}; give one of them another id.`,
      );
    }
    secrets[id] = { environment: variable };
  };
  for (const service of Object.values(stack.services)) {
    const build = service.build && stack.builds[service.build.build];
    for (const [id, variable] of Object.entries(build?.secrets ?? {})) add(id, variable, 'Build secret');
    for (const name of environmentSecretFiles(service.environment)) add(secretFileId(name), name, 'Secret');
  }
  return secrets;
}

function renderService(stack: Stack, service: Service): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (service.image !== undefined) out.image = composeValue(service.image);
  if (service.build) {
    const build = stack.builds[service.build.build]!;
    out.image = builtImageName(stack.project.name, build.name, service.build.target);
    out.build = {
      context: build.context,
      dockerfile: build.dockerfile,
      target: service.build.target,
      ...(Object.keys(build.args).length > 0
        ? {
            args: Object.fromEntries(
              Object.entries(build.args).map(([key, value]) => [key, composeValue(value)]),
            ),
          }
        : {}),
      ...(build.secrets && Object.keys(build.secrets).length > 0
        ? { secrets: Object.keys(build.secrets) }
        : {}),
    };
  }
  if (service.profiles?.length) out.profiles = [...service.profiles];
  if (service.entrypoint) out.entrypoint = service.entrypoint.map(escapeComposeLiteral);
  if (service.command) out.command = service.command.map(escapeComposeLiteral);
  if (service.user !== undefined) out.user = composeValue(service.user);
  const environment = Object.entries(service.environment);
  if (environment.length > 0) {
    out.environment = Object.fromEntries(environment.map(([key, value]) => [key, composeValue(value)]));
  }
  // The long form, so the path is SECRETS_DIR's whatever compose's default.
  const files = environmentSecretFiles(service.environment);
  if (files.length > 0)
    out.secrets = files.map((name) => ({ source: secretFileId(name), target: secretFilePath(name) }));
  if (service.ports.length > 0) out.ports = service.ports.map(composePort);
  if (service.volumes.length > 0) out.volumes = service.volumes.map(composeVolume);
  const dependencies = Object.entries(service.dependsOn);
  if (dependencies.length > 0) {
    out.depends_on = Object.fromEntries(dependencies.map(([name, condition]) => [name, { condition }]));
  }
  if (service.healthcheck) out.healthcheck = composeHealthcheck(service.healthcheck);
  if (service.restart) out.restart = service.restart;
  out.labels = {
    [PROJECT_LABEL]: stack.project.name,
    [OWNER_LABEL]: service.owner,
    ...Object.fromEntries(
      Object.entries(service.labels).map(([key, value]) => [key, escapeComposeLiteral(value)]),
    ),
  };
  return out;
}
