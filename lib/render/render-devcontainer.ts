import type { Stack } from '../model/stack.js';

/**
 * .devcontainer/devcontainer.json as a plain object, attached to the compose stack.
 *
 * Every port a service offers is already published on 127.0.0.1 by compose.yaml, so none is forwarded
 * again (VS Code would find the host port taken and pick another); the published ports get their labels.
 * The workspace service's own compose command keeps it running, so the dev container CLI does not
 * replace it (`overrideCommand: false`) and the image's entrypoint still runs.
 */
export function renderDevcontainer(stack: Stack): Record<string, unknown> | undefined {
  const dev = stack.devcontainer;
  if (!dev) return undefined;
  const published = Object.values(stack.services).flatMap((service) =>
    service.ports
      .filter((port) => port.forward && port.host !== 'auto')
      .map((port) => ({ service: service.name, host: String(port.host), label: port.label })),
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
    overrideCommand: false,
    ...(dev.remoteUser ? { remoteUser: dev.remoteUser } : {}),
    portsAttributes: Object.fromEntries(
      published.map(({ service, host, label }) => [host, { label: label ?? service }]),
    ),
    customizations: {
      vscode: {
        extensions: [...dev.extensions],
        ...(dev.settings && Object.keys(dev.settings).length ? { settings: { ...dev.settings } } : {}),
      },
    },
    ...(dev.postCreateCommand ? { postCreateCommand: dev.postCreateCommand } : {}),
  };
}
