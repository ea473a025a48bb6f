import type Docker from 'dockerode';
import type { RunService } from './resolve-service.js';

const POLL_MS = 100;
const PROBE_EVERY_MS = 250;

/** A service did not get ready; `why` says how (exited with code 1, unhealthy, still starting after 60 s). */
export class NotReadyError extends Error {
  override readonly name = 'NotReadyError';
  constructor(
    readonly service: string,
    readonly containerId: string,
    readonly why: string,
  ) {
    super(`${service} ${why}`);
  }
}

function execCommand(test: readonly string[]): string[] | undefined {
  if (test[0] === 'CMD') return test.slice(1);
  if (test[0] === 'CMD-SHELL') return ['/bin/sh', '-c', test.slice(1).join(' ')];
  if (test[0] === 'NONE') return undefined;
  return [...test];
}

/** Run the service's own health check command once in the container; true when it exits 0. */
async function probe(container: Docker.Container, command: string[]): Promise<boolean> {
  const exec = await container.exec({ Cmd: command, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  await new Promise<void>((resolve) => {
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', () => resolve());
    stream.resume();
  });
  return (await exec.inspect()).ExitCode === 0;
}

/**
 * Whether a running container's own HEALTHCHECK passes now, run once by us: what `up` counts as ready while
 * the engine still says "starting". False for a container without a check, or when the check cannot run.
 */
export async function checkPassesNow(container: Docker.Container): Promise<boolean> {
  try {
    const test = (await container.inspect()).Config.Healthcheck?.Test;
    const command = test ? execCommand(test) : undefined;
    return command ? await probe(container, command) : false;
  } catch {
    return false;
  }
}

/**
 * Wait until a service is ready for its dependents: a one-shot service exited 0; a service with a health
 * check healthy; any other service running. Health is the container's HEALTHCHECK: the engine's status,
 * and, while the engine still says "starting", the same check run by us every 250 ms, so the first
 * passing check counts at once instead of one interval later (what Docker 25's start_interval does).
 */
export async function waitReady(
  docker: Docker,
  id: string,
  service: RunService,
  deadline: number,
  signal: AbortSignal,
): Promise<void> {
  const container = docker.getContainer(id);
  const command = service.healthcheck ? execCommand(service.healthcheck.test) : undefined;
  let probing: Promise<boolean> | undefined;
  let lastProbe = 0;
  let passed = false;
  for (;;) {
    signal.throwIfAborted();
    const { State } = await container.inspect();
    if (State.Status === 'exited' || State.Status === 'dead') {
      if (service.oneShot && State.ExitCode === 0) return;
      throw new NotReadyError(service.name, id, `exited with code ${State.ExitCode}`);
    }
    if (State.Restarting) {
      throw new NotReadyError(service.name, id, `keeps restarting (last exit code ${State.ExitCode})`);
    }
    const health = State.Health?.Status;
    if (!service.oneShot) {
      if (!service.healthcheck && State.Running) return;
      if (health === 'healthy' || passed) return;
      if (health === 'unhealthy') throw new NotReadyError(service.name, id, 'unhealthy');
      if (command && State.Running && !probing && Date.now() - lastProbe >= PROBE_EVERY_MS) {
        lastProbe = Date.now();
        probing = probe(container, command)
          .catch(() => false)
          .then((ok) => {
            passed ||= ok;
            probing = undefined;
            return ok;
          });
      }
    }
    if (Date.now() > deadline) {
      const state = service.oneShot ? 'running' : (health ?? State.Status);
      throw new NotReadyError(service.name, id, `still ${state} at the timeout`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
