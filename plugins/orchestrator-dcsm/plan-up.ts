import type Docker from 'dockerode';
import { containerSpec, portKey } from './container-spec.js';
import type { DcsmProject } from './dcsm-project.js';
import { ensureImage, namespaceContainers } from './engine.js';
import { LABEL } from './names.js';
import type { PortAssignment } from './plan-ports.js';
import { planPorts, portIsFree } from './plan-ports.js';
import type { RunService } from './resolve-service.js';

/** keep: running as wanted; start: stopped as wanted; create: none yet; recreate: its settings or image changed. */
export type Action = 'keep' | 'start' | 'create' | 'recreate';

export interface ServicePlan {
  readonly service: RunService;
  readonly action: Action;
  /** The existing container (keep, start, recreate). */
  readonly existing?: Docker.ContainerInfo;
  /** Create options (create, recreate), host ports picked. */
  readonly spec?: Docker.ContainerCreateOptions;
}

async function boundPortsFree(docker: Docker, id: string): Promise<{ free: boolean; ports: string[] }> {
  const info = await docker.getContainer(id).inspect();
  const bindings = (info.HostConfig.PortBindings ?? {}) as Record<
    string,
    { HostIp?: string; HostPort?: string }[] | null
  >;
  const ports = Object.values(bindings)
    .flatMap((list) => list ?? [])
    .filter((b) => b.HostPort)
    .map((b) => `${b.HostIp || '0.0.0.0'}:${b.HostPort}`);
  for (const port of ports) {
    const [ip, number] = [
      port.slice(0, port.lastIndexOf(':')),
      Number(port.slice(port.lastIndexOf(':') + 1)),
    ];
    if (!(await portIsFree(ip, number))) return { free: false, ports };
  }
  return { free: true, ports };
}

/**
 * Decide, before anything starts, what happens to each service: reuse the namespace's container when its
 * config hash (settings plus image ID) still matches, else (re)create it; and pick the host ports of the
 * new containers, so port conflicts are found before the first start.
 */
export async function planUp(
  project: DcsmProject,
  docker: Docker,
  services: readonly RunService[],
): Promise<{ plans: ServicePlan[]; assignments: PortAssignment[] }> {
  const [containers, imageIds] = await Promise.all([
    namespaceContainers(docker, project.names),
    Promise.all(services.map((s) => ensureImage(docker, s, project.ctx.signal))),
  ]);
  const byService = new Map(containers.map((c) => [c.Labels[LABEL.service], c]));
  const held = new Set<string>();
  const decided: { service: RunService; action: Action; existing?: Docker.ContainerInfo; imageId: string }[] =
    [];
  for (const [index, service] of services.entries()) {
    const imageId = imageIds[index]!;
    const existing = byService.get(service.name);
    const wanted = containerSpec(service, project.names, imageId, new Map()).Labels![LABEL.configHash];
    let action: Action = existing ? 'recreate' : 'create';
    if (existing && existing.Labels[LABEL.configHash] === wanted) {
      if (existing.State === 'running') {
        action = 'keep';
        existing.Ports.filter((p) => p.PublicPort).forEach((p) =>
          held.add(`${p.IP || '0.0.0.0'}:${p.PublicPort}`),
        );
      } else {
        const bound = await boundPortsFree(docker, existing.Id);
        if (bound.free) {
          action = 'start';
          bound.ports.forEach((p) => held.add(p));
        }
      }
    }
    decided.push({ service, action, ...(existing ? { existing } : {}), imageId });
  }
  const fresh = decided.filter((d) => d.action === 'create' || d.action === 'recreate');
  const { hostPorts, assignments } = await planPorts(
    fresh.map((d) => d.service),
    held,
  );
  const plans = decided.map(({ imageId, ...d }) =>
    d.action === 'create' || d.action === 'recreate'
      ? { ...d, spec: containerSpec(d.service, project.names, imageId, hostPorts) }
      : d,
  );
  return { plans, assignments };
}

/** The host port a running container got for a port, read back from the engine (auto ports included). */
export function publishedPort(
  info: Docker.ContainerInspectInfo,
  service: RunService,
  index: number,
): number | undefined {
  const port = service.ports[index];
  if (!port) return undefined;
  const binding = info.NetworkSettings.Ports?.[portKey(port)]?.[0];
  return binding?.HostPort ? Number(binding.HostPort) : undefined;
}
