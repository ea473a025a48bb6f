import { HOOK_EXIT, PluginError } from '../../lib/plugins/public-api.js';
import type { Readable } from 'node:stream';
import type { DcsmProject } from './dcsm-project.js';
import { logDemuxer, namespaceContainers } from './engine.js';
import { LABEL } from './names.js';

/** A writer that prefixes each complete line with the service name, like compose's log view. */
function prefixed(service: string, width: number): { write: (text: string) => void; flush: () => void } {
  let partial = '';
  const label = `${service.padEnd(width)} | `;
  return {
    write: (text) => {
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      if (lines.length) process.stdout.write(lines.map((line) => label + line).join('\n') + '\n');
    },
    flush: () => {
      if (partial) process.stdout.write(label + partial + '\n');
      partial = '';
    },
  };
}

/** `data-eng logs [service] [-f] [--tail n]`: each container's log, prefixed; -f follows until Ctrl-C. */
export async function runnerLogs(project: DcsmProject): Promise<void> {
  const { ctx, names, file } = project;
  const service = typeof ctx.options.service === 'string' ? ctx.options.service : undefined;
  if (service && !file.services[service]) {
    throw new PluginError(
      `Unknown service "${service}"; choose from: ${Object.keys(file.services).join(', ')}.`,
      HOOK_EXIT.usage,
    );
  }
  const tail = String(ctx.options.tail ?? '100');
  if (!/^(\d+|all)$/.test(tail))
    throw new PluginError(`--tail ${tail} is not a number of lines; pass e.g. --tail 100.`, HOOK_EXIT.usage);
  const docker = await ctx.docker();
  const containers = (await namespaceContainers(docker, names)).filter(
    (c) => !service || c.Labels[LABEL.service] === service,
  );
  if (containers.length === 0) {
    ctx.report(
      'text',
      `No containers in namespace ${names.namespace}${service ? ` for ${service}` : ''}; start them with data-eng up.`,
    );
    return;
  }
  const width = Math.max(...containers.map((c) => (c.Labels[LABEL.service] ?? '').length));
  const follow = Boolean(ctx.options.follow);
  await Promise.all(
    containers.map(async (info) => {
      const container = docker.getContainer(info.Id);
      const tty = Boolean((await container.inspect()).Config.Tty);
      const out = prefixed(info.Labels[LABEL.service] ?? info.Id, width);
      const feed = logDemuxer(tty, out.write);
      const options = { stdout: true, stderr: true, tail: tail === 'all' ? undefined : Number(tail) };
      if (!follow) {
        feed((await container.logs({ ...options, follow: false })) as unknown as Buffer);
        out.flush();
        return;
      }
      const stream = (await container.logs({ ...options, follow: true })) as unknown as Readable;
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          stream.destroy();
          resolve();
        };
        ctx.signal.addEventListener('abort', stop, { once: true });
        stream.on('data', (chunk: Buffer) => feed(chunk));
        stream.on('end', () => {
          ctx.signal.removeEventListener('abort', stop);
          out.flush();
          resolve();
        });
      });
    }),
  );
}
