import { type ServiceState, formatServiceTable } from '../../lib/plugins/public-api.js';
import type { DcsmProject } from './dcsm-project.js';
import { defaultServices } from './dcsm-project.js';
import { namespaceContainers } from './engine.js';
import { stateOf } from './service-state.js';

/** Every service of the namespace with its state, health and ports; "not created" for the rest. */
export async function namespaceStates(project: DcsmProject): Promise<ServiceState[]> {
  const docker = await project.ctx.docker();
  const states = (await namespaceContainers(docker, project.names)).map(stateOf);
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
