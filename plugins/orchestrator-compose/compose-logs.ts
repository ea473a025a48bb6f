import { HOOK_EXIT, PluginError } from '../../lib/plugins/public-api.js';
import type { ComposeProject } from './compose-project.js';
import { stripAnsi } from './compose-status.js';
import { checkServiceNames } from './host-ports.js';

/** `data-eng logs [service] [-f] [--tail n]`: compose's own log stream, followed until Ctrl-C with -f. */
export async function composeLogs(project: ComposeProject): Promise<void> {
  const { options, stack, signal } = project.ctx;
  const service = typeof options.service === 'string' ? options.service : undefined;
  if (service) checkServiceNames(stack, [service]);
  const tail = String(options.tail ?? '100');
  if (!/^(\d+|all)$/.test(tail)) {
    throw new PluginError(
      `--tail ${tail} is not a number of lines; pass e.g. --tail 100, or --tail all.`,
      HOOK_EXIT.usage,
    );
  }
  const args = [
    'logs',
    '--tail',
    tail,
    ...(options.follow ? ['--follow'] : []),
    ...(service ? [service] : []),
  ];
  // On a terminal compose draws its colours itself; into a pipe or file, its control sequences are noise.
  const result = await project.run(
    process.stdout.isTTY ? args : ['logs', '--no-color', ...args.slice(1)],
    process.stdout.isTTY ? { inherit: true } : { onStdout: (text) => process.stdout.write(stripAnsi(text)) },
  );
  if (result.code !== 0 && !signal.aborted) {
    throw new Error(
      `${project.compose.label} logs failed (exit ${result.code}); check data-eng status and data-eng doctor.`,
    );
  }
}
