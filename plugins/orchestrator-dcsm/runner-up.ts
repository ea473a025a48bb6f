import { HOOK_EXIT, PluginError, summarizeServices } from '../../lib/plugins/public-api.js';
import type Docker from 'dockerode';
import type { DcsmProject } from './dcsm-project.js';
import { defaultServices, dependencyMap } from './dcsm-project.js';
import { copySecrets, ensureNetwork, ensureVolumes, tailLogs } from './engine.js';
import type { ServicePlan } from './plan-up.js';
import { planUp } from './plan-up.js';
import { describeMoves } from './plan-ports.js';
import { resolveService } from './resolve-service.js';
import { reportUp } from './report-up.js';
import { startOrder } from './start-order.js';
import { NotReadyError, waitReady } from './wait-ready.js';

const LOG_LINES = 20;

/** Create (or reuse) a service's container and start it; returns its ID. */
async function materialize(docker: Docker, plan: ServicePlan): Promise<string> {
  if (plan.action === 'keep') return plan.existing!.Id;
  if (plan.action === 'start') {
    const existing = docker.getContainer(plan.existing!.Id);
    await copySecrets(existing, plan.service.secrets);
    await existing.start();
    return plan.existing!.Id;
  }
  if (plan.existing) await docker.getContainer(plan.existing.Id).remove({ force: true });
  const container = await docker.createContainer(plan.spec!);
  try {
    await copySecrets(container, plan.service.secrets);
    await container.start();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Service "${plan.service.name}" did not start: ${reason.split('\n')[0]}; fix the cause and run data-eng up again.`,
    );
  }
  return container.id;
}

async function unhealthyError(
  docker: Docker,
  failures: readonly NotReadyError[],
  timeout: number,
): Promise<PluginError> {
  const sections = await Promise.all(
    failures.map(async (f) => {
      const logs = await tailLogs(docker, f.containerId, LOG_LINES).catch(() => '');
      return `--- ${f.service}, last ${LOG_LINES} log lines:\n${logs || '(no output)'}`;
    }),
  );
  const names = failures.map((f) => `${f.service} (${f.why})`).join(', ');
  return new PluginError(
    [
      `${names} did not become ready (waited up to ${timeout} s); fix the cause shown in the logs below and run data-eng up again (data-eng logs ${failures[0]!.service} shows more).`,
      ...sections,
    ].join('\n'),
    HOOK_EXIT.unhealthy,
  );
}

/**
 * `data-eng up [services...]` with the DCSM runner: the services and their dependencies, in depends_on order
 * (independent ones in parallel), each started only when what it depends on is ready.
 */
export async function runnerUp(project: DcsmProject): Promise<void> {
  const { ctx, file, names } = project;
  const requested = (ctx.options.services as string[] | undefined) ?? [];
  // The CLI checks --timeout (a positive number of seconds).
  const timeout = Number(ctx.options.timeout ?? 300);
  const order = startOrder(dependencyMap(file), requested.length ? requested : defaultServices(file));
  const services = order.map((name) => resolveService(file, name, project.vars, ctx.projectDir));
  const docker = await ctx.docker();
  const deadline = Date.now() + timeout * 1000;
  const { plans, assignments } = await planUp(project, docker, services);
  const moves = describeMoves(assignments);
  moves.forEach((line) => ctx.logger.warn(line));
  await ensureNetwork(docker, names);
  const used = new Set(
    services.flatMap((s) => s.mounts.filter((m) => m.type === 'volume').map((m) => m.source)),
  );
  await ensureVolumes(docker, names, file.volumes, used);

  const controller = new AbortController();
  const signal = AbortSignal.any([ctx.signal, controller.signal]);
  const progress = new Map(order.map((name) => [name, { service: name, state: 'waiting', health: '' }]));
  const ready = new Map<string, Promise<string>>();
  const ids = new Map<string, string>();
  await ctx.progress.step(
    `Starting namespace ${names.namespace} (waiting up to ${timeout} s for health)`,
    async (update) => {
      const bring = (name: string): Promise<string> => {
        let promise = ready.get(name);
        if (promise) return promise;
        const plan = plans.find((p) => p.service.name === name)!;
        promise = (async () => {
          await Promise.all(plan.service.dependsOn.map(bring));
          signal.throwIfAborted();
          progress.set(name, { service: name, state: 'starting', health: '' });
          update(summarizeServices([...progress.values()]));
          const id = await materialize(docker, plan);
          ids.set(name, id);
          await waitReady(docker, id, plan.service, deadline, signal);
          progress.set(name, {
            service: name,
            state: plan.service.oneShot ? 'completed' : 'ready',
            health: '',
          });
          update(summarizeServices([...progress.values()]));
          return id;
        })();
        ready.set(name, promise);
        return promise;
      };
      // The first failure stops the others: dependents must not start, waits must not run on.
      const failures = new Set<NotReadyError>();
      let other: unknown;
      await Promise.allSettled(
        order.map((name) =>
          bring(name).catch((error: unknown) => {
            if (error instanceof NotReadyError) failures.add(error);
            else if (!signal.aborted) other ??= error;
            controller.abort();
          }),
        ),
      );
      ctx.signal.throwIfAborted();
      if (failures.size) throw await unhealthyError(docker, [...failures], timeout);
      if (other) throw other;
    },
  );

  await reportUp(project, docker, plans, ids, assignments);
}
