import type { Stack } from '../model/stack.js';

/** .devcontainer/devcontainer.json as a plain object, attached to the compose stack. */
export function renderDevcontainer(stack: Stack): Record<string, unknown> | undefined {
  const dev = stack.devcontainer;
  if (!dev) return undefined;
  const forwarded = Object.values(stack.services).flatMap((service) =>
    service.ports.filter((port) => port.forward).map((port) => ({ service: service.name, port })),
  );
  const runServices = Object.values(stack.services)
    .filter((service) => !service.profiles?.length && !service.oneShot && service.name !== dev.service)
    .map((service) => service.name);
  return {
    name: stack.project.title,
    dockerComposeFile: ['../compose.yaml'],
    service: dev.service,
    runServices,
    workspaceFolder: dev.workspaceFolder,
    shutdownAction: 'stopCompose',
    ...(dev.remoteUser ? { remoteUser: dev.remoteUser } : {}),
    forwardPorts: forwarded.map(({ service, port }) => `${service}:${port.container}`),
    portsAttributes: Object.fromEntries(
      forwarded.map(({ service, port }) => [
        `${service}:${port.container}`,
        { label: port.label ?? service },
      ]),
    ),
    customizations: { vscode: { extensions: [...dev.extensions] } },
    ...(dev.postCreateCommand ? { postCreateCommand: dev.postCreateCommand } : {}),
  };
}
