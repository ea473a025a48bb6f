import type Docker from 'dockerode';
import { LABEL } from './names.js';
import { healthFromStatus, type ServiceState } from '../../lib/plugins/public-api.js';

/** A listed container as a service state. */
export function stateOf(container: Docker.ContainerInfo): ServiceState {
  const exited = /^Exited \((\d+)\)/.exec(container.Status);
  return {
    service: container.Labels[LABEL.service] ?? container.Names[0]?.replace(/^\//, '') ?? container.Id,
    state: container.State,
    health: healthFromStatus(container.Status),
    ...(exited ? { exitCode: Number(exited[1]) } : {}),
    ports: container.Ports.filter((p) => p.PublicPort).map(
      (p) => `${p.IP ? `${p.IP}:` : ''}${p.PublicPort}->${p.PrivatePort}/${p.Type}`,
    ),
  };
}
