import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HookName, Logger, PluginDefinition, Progress } from '../plugins/public-api.js';
import { HOOK_ORDER } from '../plugins/public-api.js';
import { runHooks } from '../plugins/run-hooks.js';
import type { Stack } from '../model/stack.js';
import type { Contributor } from '../project/build-stack.js';
import type { RenderPluginOptions } from './render-plugin.js';
import { prepareProject } from './render-plugin.js';

export interface RunHookOptions extends RenderPluginOptions {
  /**
   * The folder the hook works in, used as it is (and left in place). By default a fresh temporary folder
   * holding the project rendered with these options (see renderPlugin), as after `data-eng new`, removed
   * when the hook ends, whether it passed or failed: pass a folder of your own to look at files afterwards.
   */
  readonly projectDir?: string;
  /** Options of the command that triggered the hook, e.g. `{ action: 'up', services: [] }` for orchestrate. */
  readonly options?: Readonly<Record<string, unknown>>;
  /** Abort the hook, as Ctrl-C would. */
  readonly signal?: AbortSignal;
  /** Override the plugin's hookTimeoutMs, e.g. to test how a slow hook behaves. */
  readonly timeoutMs?: number;
}

export interface LogEntry {
  readonly level: 'info' | 'warn' | 'error';
  readonly message: string;
}

export interface StepRecord {
  readonly title: string;
  /** Every detail the step reported through its update callback, in order. */
  readonly details: readonly string[];
  readonly outcome: 'done' | 'failed';
  /** Why, when the step marked itself failed and the hook went on (`mark.failed(reason)`). */
  readonly reason?: string;
}

export interface HookRunRecord {
  readonly projectDir: string;
  readonly stack: Stack;
  /** Everything the hook logged, in order. */
  readonly logs: readonly LogEntry[];
  /** Every progress step the hook ran. */
  readonly steps: readonly StepRecord[];
  /** What the hook passed to report(), for the command's --json output. */
  readonly report: Readonly<Record<string, unknown>>;
}

/**
 * Run one hook of a plugin as the generator and the data-eng commands run it (same runner, timeout and
 * abort handling), with a logger and a progress reporter that record instead of print. A failing, hanging
 * or aborted hook rejects with the runner's HookError, which names the plugin and the hook.
 *
 * @example
 * const run = await runHook(plugin, 'afterScaffold');
 * expect(run.logs.map((entry) => entry.message)).toContainEqual(expect.stringMatching(/127\.0\.0\.1:1883/));
 */
export async function runHook(
  plugin: PluginDefinition,
  hook: HookName,
  options: RunHookOptions = {},
): Promise<HookRunRecord> {
  if (!HOOK_ORDER.includes(hook)) {
    throw new Error(`Unknown hook "${String(hook)}"; hooks are: ${HOOK_ORDER.join(', ')}.`);
  }
  if (typeof plugin.hooks?.[hook] !== 'function') {
    const has = Object.keys(plugin.hooks ?? {});
    throw new Error(
      `Plugin "${plugin.name}" has no ${hook} hook; it has: ${has.length > 0 ? has.join(', ') : 'none'}.`,
    );
  }
  const { project, contributors } = await prepareProject(plugin, options);
  // A folder made here is removed when the hook ends, passed or failed: it holds the rendered .env secrets.
  const temporary =
    options.projectDir === undefined ? await mkdtemp(join(tmpdir(), 'data-eng-plugin-test-')) : undefined;
  const projectDir = options.projectDir ?? temporary!;
  try {
    if (temporary) await project.write(temporary);
    return await runOneHook(plugin, hook, options, projectDir, project.stack, contributors);
  } finally {
    if (temporary) await rm(temporary, { recursive: true, force: true });
  }
}

async function runOneHook(
  plugin: PluginDefinition,
  hook: HookName,
  options: RunHookOptions,
  projectDir: string,
  stack: Stack,
  contributors: readonly Contributor[],
): Promise<HookRunRecord> {
  const logs: LogEntry[] = [];
  const steps: StepRecord[] = [];
  const logger: Logger = {
    info: (message) => logs.push({ level: 'info', message }),
    warn: (message) => logs.push({ level: 'warn', message }),
    error: (message) => logs.push({ level: 'error', message }),
  };
  const progress: Progress = {
    async step(title, run) {
      const details: string[] = [];
      let failedReason: string | undefined;
      try {
        const result = await run((detail) => details.push(detail), {
          failed: (reason) => {
            failedReason = reason;
          },
        });
        steps.push(
          failedReason === undefined
            ? { title, details, outcome: 'done' }
            : { title, details, outcome: 'failed', reason: failedReason },
        );
        return result;
      } catch (error) {
        steps.push({ title, details, outcome: 'failed' });
        throw error;
      }
    },
  };
  // Every contributor is passed so the hook sees the whole config; only this plugin's hook runs.
  const only = contributors.map(({ definition, answers }) => ({
    answers,
    definition:
      definition !== plugin
        ? { ...definition, hooks: {} }
        : options.timeoutMs === undefined
          ? definition
          : { ...definition, hookTimeoutMs: options.timeoutMs },
  }));
  const [result] = await runHooks(
    {
      projectDir,
      stack,
      contributors: only,
      options: options.options ?? {},
      logger,
      progress,
      ...(options.signal ? { signal: options.signal } : {}),
    },
    [hook],
  );
  return { projectDir, stack, logs, steps, report: result?.report ?? {} };
}
