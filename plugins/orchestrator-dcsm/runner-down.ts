import { HOOK_EXIT, PluginError } from '../../lib/plugins/public-api.js';
import type Docker from 'dockerode';
import type { DcsmProject } from './dcsm-project.js';
import { dependencyMap } from './dcsm-project.js';
import { namespaceContainers } from './engine.js';
import { LABEL, labelFilter } from './names.js';
import { startOrder } from './start-order.js';

function ignoreGone(error: unknown): void {
  const status = (error as { statusCode?: number }).statusCode;
  if (status !== 304 && status !== 404) throw error;
}

/** Dependents before what they depend on; containers of services no longer in services.yaml first. */
function stopOrder(
  project: DcsmProject,
  containers: readonly Docker.ContainerInfo[],
): Docker.ContainerInfo[] {
  const order = startOrder(dependencyMap(project.file), []);
  const rank = (c: Docker.ContainerInfo): number => order.indexOf(c.Labels[LABEL.service] ?? '');
  return [...containers].sort((a, b) => rank(b) - rank(a));
}

async function askToWipe(project: DcsmProject): Promise<boolean> {
  const { ctx, names, file } = project;
  if (ctx.options.yes) return true;
  const list = Object.keys(file.volumes).join(', ') || 'none declared';
  const answer = await ctx.confirm(
    `Delete the data volumes of namespace ${names.namespace} (${list})? This cannot be undone.`,
  );
  if (answer === undefined) {
    throw new PluginError(
      `down --volumes deletes the data volumes of namespace ${names.namespace} (${list}) and there is no terminal to confirm on; run data-eng down --volumes --yes to delete them.`,
      HOOK_EXIT.usage,
    );
  }
  return answer;
}

/**
 * `data-eng down [--volumes] [--yes]`: stop the namespace. Persistent services keep their (stopped) containers
 * and named volumes for the next up; ephemeral services and ephemeral volumes are removed. `--volumes` removes
 * everything, after a confirmation or --yes.
 */
export async function runnerDown(project: DcsmProject): Promise<void> {
  const { ctx, names, file } = project;
  const wipe = Boolean(ctx.options.volumes);
  if (wipe && !(await askToWipe(project))) {
    ctx.report('text', 'Nothing stopped, nothing deleted.');
    return;
  }
  const docker = await ctx.docker();
  const containers = stopOrder(project, await namespaceContainers(docker, names));
  const kept: string[] = [];
  const removed: string[] = [];
  await ctx.progress.step(`Stopping namespace ${names.namespace}`, async (update) => {
    for (const info of containers) {
      const service = info.Labels[LABEL.service] ?? info.Id;
      const keep = !wipe && info.Labels[LABEL.persistent] === 'true' && Boolean(file.services[service]);
      update(`${keep ? 'stopping' : 'removing'} ${service}`);
      const container = docker.getContainer(info.Id);
      if (keep) {
        if (info.State === 'running') await container.stop({ t: 10 }).catch(ignoreGone);
        kept.push(service);
      } else {
        await container.remove({ force: true, v: true }).catch(ignoreGone);
        removed.push(service);
      }
    }
  });
  const volumesRemoved = await removeVolumes(docker, project, wipe);
  if (kept.length === 0) await docker.getNetwork(names.network).remove().catch(ignoreGone);
  ctx.report('down', { namespace: names.namespace, kept, removed, volumesRemoved });
  ctx.report(
    'text',
    [
      `Stopped namespace ${names.namespace}.`,
      kept.length ? `Kept (stopped): ${kept.join(', ')}.` : '',
      removed.length ? `Removed: ${removed.join(', ')}.` : '',
      volumesRemoved.length ? `Removed volumes: ${volumesRemoved.join(', ')}.` : '',
    ]
      .filter(Boolean)
      .join(' '),
  );
}

/** Ephemeral volumes go on every down; persistent ones only with --volumes. */
async function removeVolumes(docker: Docker, project: DcsmProject, wipe: boolean): Promise<string[]> {
  const { Volumes } = await docker.listVolumes({
    filters: labelFilter(`${LABEL.namespace}=${project.names.namespace}`),
  });
  const removed: string[] = [];
  for (const volume of Volumes ?? []) {
    const name = volume.Labels?.[LABEL.volume] ?? volume.Name;
    if (!wipe && volume.Labels?.[LABEL.persistent] !== 'false') continue;
    try {
      await docker.getVolume(volume.Name).remove();
      removed.push(name);
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 409) {
        project.ctx.logger.warn(`Volume ${volume.Name} is still used by a kept container; it stays.`);
      } else ignoreGone(error);
    }
  }
  return removed;
}
