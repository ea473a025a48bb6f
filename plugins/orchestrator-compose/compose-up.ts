import {
  environmentSecretFiles,
  HOOK_EXIT,
  PluginError,
  type ServiceState,
  summarizeServices,
} from '../../lib/plugins/public-api.js';
import { realpath } from 'node:fs/promises';
import type { ComposeProject } from './compose-project.js';
import {
  checkServiceNames,
  nextFreePort,
  plannedHostPorts,
  portIsFree,
  serviceClosure,
} from './host-ports.js';
import type { HostPort } from './host-ports.js';
import { lastLines } from './run-compose.js';
import { describeFailures } from './compose-status.js';
import { progressReader, projectState } from './docker-ps.js';

/** Two checkouts of one project must not share a compose project: the second would recreate the first's containers. */
async function assertNotRunningElsewhere(project: ComposeProject, dirs: readonly string[]): Promise<void> {
  const here = new Set([project.dir, await realpath(project.dir)]);
  const other = dirs.find((dir) => !here.has(dir));
  if (other) {
    throw new PluginError(
      `Compose project "${project.name}" already runs from ${other}; to run this checkout beside it, set COMPOSE_PROJECT_NAME=${project.name}-<branch> and other host ports (e.g. POSTGRES_PORT) in this checkout's .env, or stop the other one with data-eng down there.`,
      HOOK_EXIT.usage,
    );
  }
}

/**
 * Every secret the starting services read as a file must be set in .env: compose would mount an empty file (an AD
 * bind password left blank fails only at the first login), or stop late without saying where to set it.
 */
function assertSecretsSet(project: ComposeProject, services: readonly string[]): void {
  const { stack } = project.ctx;
  for (const name of services) {
    for (const secret of environmentSecretFiles(stack.services[name]?.environment ?? {})) {
      if (project.env[secret]) continue;
      throw new PluginError(
        `${secret} is empty in .env, and ${name} reads it (${stack.secrets[secret]?.description ?? 'a secret'}); set it there (data-eng secrets ls shows which are set), then run data-eng up again.`,
        HOOK_EXIT.usage,
      );
    }
  }
}

/** A fixed host port held by another program stops `up` before compose creates anything. */
async function assertPortsFree(ports: readonly HostPort[], states: readonly ServiceState[]): Promise<void> {
  const ours = new Set(states.flatMap((s) => s.ports.map((p) => Number(/:(\d+)->/.exec(p)?.[1]))));
  for (const port of ports) {
    if (ours.has(port.port) || (await portIsFree(port.hostIp, port.port))) continue;
    throw await takenPortError(port);
  }
}

async function takenPortError(port: HostPort): Promise<PluginError> {
  const free = await nextFreePort(port.hostIp, port.port);
  const change = port.variable
    ? `set ${port.variable}=${free ?? '<a free port>'} in .env`
    : `change the host port of ${port.service} in compose.yaml`;
  return new PluginError(
    `Port ${port.port} on ${port.hostIp}, wanted by ${port.service}, is already in use by another program; ${change}, or stop the program that holds it.`,
    HOOK_EXIT.environment,
  );
}

/**
 * What `up --wait` succeeding means for each service: one-shots exited 0, the others running and, with a health
 * check, healthy. The engine is asked only when a port was left to it (auto), to report the port it picked.
 */
async function upStates(
  project: ComposeProject,
  services: readonly string[],
  ports: readonly HostPort[],
): Promise<ServiceState[]> {
  const { stack } = project.ctx;
  if (services.some((name) => stack.services[name]?.ports.some((p) => p.host === 'auto'))) {
    return (await projectState(project)).states.filter((s) => services.includes(s.service));
  }
  return services.map((name) => {
    const service = stack.services[name]!;
    return {
      service: name,
      state: service.oneShot ? 'exited' : 'running',
      health: service.healthcheck && !service.oneShot ? 'healthy' : '',
      ...(service.oneShot ? { exitCode: 0 } : {}),
      ports: ports.filter((p) => p.service === name).map((p) => `${p.hostIp}:${p.port}->${p.container}/tcp`),
    };
  });
}

/**
 * `data-eng up [services...]`: `compose up -d --wait` for the services and what they depend on, showing
 * each service's state while it waits, and naming the services that did not become healthy, with their logs.
 */
export async function composeUp(project: ComposeProject): Promise<void> {
  const { ctx } = project;
  const requested = (ctx.options.services as string[] | undefined) ?? [];
  checkServiceNames(ctx.stack, requested);
  // The CLI checks --timeout (a positive number of seconds); compose takes whole seconds.
  const timeout = Math.ceil(Number(ctx.options.timeout ?? 300));
  const services = serviceClosure(ctx.stack, requested);
  assertSecretsSet(project, services);
  const ports = plannedHostPorts(ctx.stack, services, project.env);
  const before = await projectState(project);
  await assertNotRunningElsewhere(project, before.dirs);
  await assertPortsFree(ports, before.states);

  const title = `Starting ${requested.length ? services.join(', ') : project.name} (waiting up to ${timeout} s for health)`;
  await ctx.progress.step(title, async (update) => {
    const result = await project.run(
      ['up', '--detach', '--wait', '--wait-timeout', String(timeout), ...requested],
      {
        onStderr: progressReader(project.name, update),
      },
    );
    ctx.signal.throwIfAborted();
    if (result.code === 0) return;
    const bind = /(?:listen tcp\d?|Bind for) \[?([0-9a-f.:]+?)\]?:(\d+)(?::| failed)/i.exec(result.stderr);
    if (bind) {
      const port = Number(bind[2]);
      throw await takenPortError(
        ports.find((p) => p.port === port) ?? { service: 'a service', container: 0, hostIp: bind[1]!, port },
      );
    }
    const failure = await describeFailures(project, services, timeout);
    if (failure) throw new PluginError(failure, HOOK_EXIT.unhealthy);
    throw new Error(
      `${project.compose.label} up failed: ${lastLines(result.stderr, 5)}\nFix the cause above and run data-eng up again.`,
    );
  });
  const states = await upStates(project, services, ports);
  ctx.report('services', states);
  ctx.report('text', `Up and healthy: ${summarizeServices(states)}`);
}
