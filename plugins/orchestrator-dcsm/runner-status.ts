import { type ServiceState, formatServiceTable } from '../../lib/plugins/public-api.js';
import type { DcsmProject } from './dcsm-project.js';
import { defaultServices } from './dcsm-project.js';
import { namespaceContainers } from './engine.js';
import { stateOf } from './service-state.js';
import { checkPassesNow } from './wait-ready.js';

/**
 * Every service of the namespace with its state, health and ports; "not created" for the rest. A running
 * service the engine still calls "starting" gets its check run once, as `up` does: `up` counts the first
 * passing check as healthy before the engine's next interval, and status agrees with it.
 */
export async function namespaceStates(project: DcsmProject): Promise<ServiceState[]> {
  const docker = await project.ctx.docker();
  const states = await Promise.all(
    (await namespaceContainers(docker, project.names)).map(async (container) => {
      const state = stateOf(container);
      if (state.health !== 'starting' || container.State !== 'running') return state;
      return (await checkPassesNow(docker.getContainer(container.Id)))
        ? { ...state, health: 'healthy' }
        : state;
    }),
  );
  const known = new Set(states.map((s) => s.service));
  const missing = defaultServices(project.file)
    .filter((name) => !known.has(name))
    .map((service) => ({ service, state: 'not created', health: '', ports: [] }));
  return [...states, ...missing].sort((a, b) => a.service.localeCompare(b.service));
}

/** `data-eng status`: a table, or the same as JSON. */
export async function runnerStatus(project: DcsmProject): Promise<void> {
  const states = await namespaceStates(project);
  project.ctx.report('namespace', project.names.namespace);
  project.ctx.report('services', states);
  project.ctx.report('text', `Namespace ${project.names.namespace}:\n${formatServiceTable(states)}`);
}
