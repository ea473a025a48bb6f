import { HOOK_EXIT, PluginError } from '../../lib/plugins/public-api.js';
import type { ComposeProject } from './compose-project.js';
import { lastLines } from './run-compose.js';

/**
 * `data-eng down [--volumes] [--yes]`: compose down. Volumes of persistent services (your data) are kept,
 * volumes the project marks ephemeral are removed; `--volumes` deletes them all, after a confirmation or --yes.
 */
export async function composeDown(project: ComposeProject): Promise<void> {
  const { ctx } = project;
  const wipe = Boolean(ctx.options.volumes);
  const volumes = Object.values(ctx.stack.volumes);
  if (wipe && !ctx.options.yes) {
    const list = volumes.map((v) => v.name).join(', ') || 'none declared';
    const answer = await ctx.confirm(
      `Delete the data volumes of ${project.name} (${list})? This cannot be undone.`,
    );
    if (answer === undefined) {
      throw new PluginError(
        `down --volumes deletes the data volumes of ${project.name} (${list}) and there is no terminal to confirm on; run data-eng down --volumes --yes to delete them.`,
        HOOK_EXIT.usage,
      );
    }
    if (!answer) {
      ctx.report('down', { project: project.name, stopped: false, volumesRemoved: [] });
      ctx.report('text', 'Nothing stopped, nothing deleted.');
      return;
    }
  }
  const result = await ctx.progress.step(`Stopping ${project.name}`, () =>
    project.run(['down', '--remove-orphans', ...(wipe ? ['--volumes'] : [])]),
  );
  if (result.code !== 0) {
    throw new Error(
      `${project.compose.label} down failed: ${lastLines(result.stderr, 5)}; fix the cause and run data-eng down again.`,
    );
  }
  const removed = wipe ? volumes.map((v) => v.name) : await removeEphemeralVolumes(project);
  ctx.report('down', { project: project.name, stopped: true, volumesRemoved: removed });
  const kept = volumes.filter((v) => !removed.includes(v.name)).map((v) => v.name);
  ctx.report(
    'text',
    `Stopped ${project.name}.` +
      (removed.length ? ` Removed volumes: ${removed.join(', ')}.` : '') +
      (kept.length ? ` Kept volumes: ${kept.join(', ')} (data-eng down --volumes deletes them).` : ''),
  );
}

/** Named volumes of the project that it marks ephemeral: compose keeps every volume, so remove these here. */
async function removeEphemeralVolumes(project: ComposeProject): Promise<string[]> {
  const ephemeral = Object.values(project.ctx.stack.volumes).filter((v) => !v.persistent);
  if (ephemeral.length === 0) return [];
  const docker = await project.ctx.docker();
  const { Volumes } = await docker.listVolumes({
    filters: JSON.stringify({ label: [`com.docker.compose.project=${project.name}`] }),
  });
  const removed: string[] = [];
  for (const volume of ephemeral) {
    const found = (Volumes ?? []).find((v) => v.Labels?.['com.docker.compose.volume'] === volume.name);
    if (!found) continue;
    await docker.getVolume(found.Name).remove();
    removed.push(volume.name);
  }
  return removed;
}
