import type { HookName } from '../../lib/plugins/public-api.js';
import { openProject } from '../../lib/project/open-project.js';
import { runHooks } from '../../lib/plugins/run-hooks.js';
import { CliError, EXIT } from '../exit-codes.js';
import { createLogger, createProgress, printResult } from '../../lib/console/progress.js';
import '../catalog.js';

const WHO_PROVIDES: Record<HookName, string> = {
  afterScaffold: 'a plugin with an afterScaffold hook',
  buildCache: 'the build-cache plugin (data-eng plugins add build-cache)',
  orchestrate: 'an orchestrator plugin (data-eng plugins add orchestrator-compose)',
};

/**
 * Run one hook of every enabled plugin from the command line, with progress, Ctrl-C handling and --json.
 * `options.action` tells the plugin which verb ran (build, ls, prune, up, down, status, logs).
 */
export async function runHookCommand(hook: HookName, options: Record<string, unknown>): Promise<void> {
  const json = Boolean(options.json);
  const project = await openProject(process.cwd());
  if (!project.contributors.some((c) => c.definition.hooks?.[hook])) {
    throw new CliError(
      `No enabled plugin handles "${String(options.action)}": enable ${WHO_PROVIDES[hook]}.`,
      EXIT.USAGE,
    );
  }
  const controller = new AbortController();
  const onSignal = (): void => controller.abort(new Error('interrupted'));
  process.once('SIGINT', onSignal);
  try {
    const results = await runHooks(
      {
        projectDir: project.dir,
        stack: project.stack,
        contributors: project.contributors,
        options,
        logger: createLogger({ json }),
        progress: await createProgress({ json }),
        signal: controller.signal,
      },
      [hook],
    );
    const report = Object.assign({}, ...results.map((r) => r.report)) as Record<string, unknown>;
    printResult({ json }, report, () => (typeof report.text === 'string' ? report.text : ''));
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
}
