import { type ServiceState, formatServiceTable } from '../../lib/plugins/public-api.js';
import type Docker from 'dockerode';
import type { DcsmProject } from './dcsm-project.js';
import type { PortAssignment } from './plan-ports.js';
import { describeMoves } from './plan-ports.js';
import type { ServicePlan } from './plan-up.js';
import { publishedPort } from './plan-up.js';

/** Where each port of a started service ended up, the engine's picks for auto ports included. */
export interface PublishedPort {
  readonly service: string;
  readonly container: number;
  readonly hostIp: string;
  readonly host?: number;
  readonly wanted: number | 'auto';
  readonly variable?: string;
  readonly reason?: PortAssignment['reason'];
}

/** After a successful up: each service's state and ports, what happened to its container, and moved ports. */
export async function reportUp(
  project: DcsmProject,
  docker: Docker,
  plans: readonly ServicePlan[],
  ids: ReadonlyMap<string, string>,
  assignments: readonly PortAssignment[],
): Promise<void> {
  const states: ServiceState[] = [];
  const ports: PublishedPort[] = [];
  for (const { service } of plans) {
    const info = await docker.getContainer(ids.get(service.name)!).inspect();
    const published = service.ports.map((_, index) => publishedPort(info, service, index));
    service.ports.forEach((port, index) => {
      const assigned = assignments.find((a) => a.service === service.name && a.container === port.container);
      ports.push({
        service: service.name,
        container: port.container,
        hostIp: port.hostIp,
        ...(published[index] !== undefined ? { host: published[index] } : {}),
        wanted: port.host,
        ...(port.variable ? { variable: port.variable } : {}),
        ...(assigned?.reason ? { reason: assigned.reason } : {}),
      });
    });
    states.push({
      service: service.name,
      state: info.State.Status,
      // Ready means its check passed; the engine's own status may still say starting until its next interval.
      health: info.State.Health
        ? info.State.Health.Status === 'starting'
          ? 'healthy'
          : info.State.Health.Status
        : '',
      ...(info.State.Status === 'exited' ? { exitCode: info.State.ExitCode } : {}),
      ports: service.ports.map((p, i) => `${p.hostIp}:${published[i] ?? '?'}->${p.container}/${p.protocol}`),
    });
  }
  const { ctx, names } = project;
  ctx.report('namespace', names.namespace);
  ctx.report('services', states);
  ctx.report('actions', Object.fromEntries(plans.map((p) => [p.service.name, p.action])));
  ctx.report('ports', ports);
  ctx.report(
    'text',
    [`Namespace ${names.namespace} is up:`, formatServiceTable(states), ...describeMoves(assignments)].join(
      '\n',
    ),
  );
}
