import { type ServiceState, formatServiceTable } from '../../lib/plugins/public-api.js';
import type { ComposeProject } from './compose-project.js';
import { serviceClosure } from './host-ports.js';
import { isUp, parseComposePs } from './service-state.js';

const LOG_LINES = 20;

/** Every service of the project with its state: compose's view, plus "not created" for the rest. */
export async function composeStates(project: ComposeProject): Promise<ServiceState[]> {
  const result = await project.run(['ps', '--all', '--format', 'json']);
  if (result.code !== 0) {
    throw new Error(
      `${project.compose.label} ps failed: ${result.stderr.trim()}; check that Docker is running (data-eng doctor).`,
    );
  }
  const states = parseComposePs(result.stdout);
  const known = new Set(states.map((s) => s.service));
  const missing = serviceClosure(project.ctx.stack, [])
    .filter((name) => !known.has(name))
    .map((service) => ({ service, state: 'not created', health: '', ports: [] }));
  return [...states, ...missing].sort((a, b) => a.service.localeCompare(b.service));
}

/**
 * After a failed `up`: the services that are not up, each with its state and last log lines, as one message;
 * undefined when every service is up (the failure was something else).
 */
export async function describeFailures(
  project: ComposeProject,
  services: readonly string[],
  timeout: number,
): Promise<string | undefined> {
  const states = await composeStates(project);
  const bad = states.filter(
    (s) => services.includes(s.service) && !isUp(s, Boolean(project.ctx.stack.services[s.service]?.oneShot)),
  );
  if (bad.length === 0) return undefined;
  const sections: string[] = [];
  for (const state of bad) {
    const logs = await project.run(['logs', '--no-color', '--tail', String(LOG_LINES), state.service]);
    const lines = stripAnsi(logs.stdout).trim() || '(no output)';
    sections.push(`--- ${state.service}, last ${LOG_LINES} log lines:\n${lines}`);
  }
  const names = bad.map((s) => `${s.service} (${describe(s)})`).join(', ');
  return [
    `${names} did not become ready (waited up to ${timeout} s); fix the cause shown in the logs below and run data-eng up again (data-eng logs ${bad[0]!.service} shows more).`,
    ...sections,
  ].join('\n');
}

/** Compose writes terminal control sequences into logs even with --no-color. */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
}

function describe(state: ServiceState): string {
  if (state.state === 'exited') return `exited with code ${state.exitCode ?? '?'}`;
  return state.health ? `${state.state}, ${state.health}` : state.state;
}

/** `data-eng status`: a table, or the same as JSON. */
export async function composeStatus(project: ComposeProject): Promise<void> {
  const states = await composeStates(project);
  project.ctx.report('services', states);
  project.ctx.report('text', `Compose project ${project.name}:\n${formatServiceTable(states)}`);
}
