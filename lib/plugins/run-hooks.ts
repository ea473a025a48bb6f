import { join } from 'node:path';
import type { Stack } from '../model/stack.js';
import type { Contributor } from '../project/build-stack.js';
import type { Answers, HookContext, HookName, Logger, Progress } from './public-api.js';
import { HOOK_ORDER } from './public-api.js';
import { createDockerClient } from '../docker/docker-client.js';
import { readDotenv } from '../config/dotenv.js';
import { confirmOnTerminal } from './confirm.js';

export const DEFAULT_HOOK_TIMEOUT_MS = 10 * 60 * 1000;

/** A hook failed, timed out or was aborted; names the plugin and the hook. */
export class HookError extends Error {
  override readonly name = 'HookError';
  constructor(
    readonly plugin: string,
    readonly hook: HookName,
    message: string,
    readonly reason: 'failed' | 'timeout' | 'aborted',
    /** The exit code the plugin asked for (an `exitCode` on the error it threw), if any. */
    readonly exitCode?: number,
  ) {
    super(message);
  }
}

export interface HookRun {
  readonly projectDir: string;
  readonly stack: Stack;
  readonly contributors: readonly Contributor[];
  /** Options of the command that runs the hooks; given to every hook. */
  readonly options?: Readonly<Record<string, unknown>>;
  readonly logger: Logger;
  readonly progress: Progress;
  /** Aborted on Ctrl-C. */
  readonly signal?: AbortSignal;
}

export interface HookResult {
  readonly plugin: string;
  readonly hook: HookName;
  readonly durationMs: number;
  readonly report: Record<string, unknown>;
}

/**
 * Run the given hooks of every enabled plugin: hooks in HOOK_ORDER, and for each hook the plugins in
 * the order .yo-rc.json lists them (components first). Each call gets its own timeout and abort signal.
 * The first failure stops the run with a HookError naming the plugin and the hook.
 */
export async function runHooks(run: HookRun, hooks: readonly HookName[] = HOOK_ORDER): Promise<HookResult[]> {
  const results: HookResult[] = [];
  const config = Object.fromEntries(run.contributors.map((c) => [c.definition.name, c.answers]));
  let docker: ReturnType<typeof createDockerClient> | undefined;
  let projectEnv: Promise<Record<string, string>> | undefined;
  for (const hook of HOOK_ORDER.filter((name) => hooks.includes(name))) {
    for (const { definition, answers } of run.contributors) {
      const fn = definition.hooks?.[hook];
      if (!fn) continue;
      if (run.signal?.aborted) {
        throw new HookError(
          definition.name,
          hook,
          `${definition.name}: hook ${hook} was not started: the run was interrupted.`,
          'aborted',
        );
      }
      const report: Record<string, unknown> = {};
      const started = performance.now();
      await callWithTimeout(
        definition.name,
        hook,
        definition.hookTimeoutMs ?? DEFAULT_HOOK_TIMEOUT_MS,
        run.signal,
        (signal) => {
          const context: HookContext = {
            projectDir: run.projectDir,
            stack: run.stack,
            answers: answers as Answers,
            config,
            options: run.options ?? {},
            logger: run.logger,
            progress: run.progress,
            signal,
            docker: () => (docker ??= createDockerClient()),
            projectEnv: () => (projectEnv ??= readDotenv(join(run.projectDir, '.env'))),
            confirm: (question) => confirmOnTerminal(question, signal),
            report: (key, value) => {
              report[key] = value;
            },
          };
          return fn(context);
        },
      );
      results.push({
        plugin: definition.name,
        hook,
        durationMs: Math.round(performance.now() - started),
        report,
      });
    }
  }
  return results;
}

async function callWithTimeout(
  plugin: string,
  hook: HookName,
  timeoutMs: number,
  outer: AbortSignal | undefined,
  call: (signal: AbortSignal) => Promise<void> | void,
): Promise<void> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const onOuterAbort = (): void => controller.abort(outer?.reason);
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  const stopped = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort(new Error('timeout'));
      reject(
        new HookError(
          plugin,
          hook,
          `${plugin}: hook ${hook} did not finish within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`} and was stopped; the project files are complete, run the command again when the cause is fixed.`,
          'timeout',
        ),
      );
    }, timeoutMs);
    controller.signal.addEventListener(
      'abort',
      () => {
        if (outer?.aborted)
          reject(
            new HookError(
              plugin,
              hook,
              `${plugin}: hook ${hook} was interrupted; the project files are complete.`,
              'aborted',
            ),
          );
      },
      { once: true },
    );
  });
  // A hook ends the run by failing, never by exiting: process.exit inside it throws instead, so the run
  // reports the plugin and the hook rather than stopping with the plugin's status (a 0 would claim success).
  const realExit = process.exit;
  process.exit = ((code?: number | string | null) => {
    throw new Error(
      `it called process.exit(${code ?? ''}); a hook reports a failure by throwing (PluginError), never by exiting`,
    );
  }) as typeof process.exit;
  try {
    await Promise.race([Promise.resolve().then(() => call(controller.signal)), stopped]);
  } catch (error) {
    if (error instanceof HookError) throw error;
    // Ctrl-C at a hook's own question (context.confirm) is an interruption, not a failure.
    if ((error as Error | null)?.name === 'AbortError' && !controller.signal.aborted) {
      throw new HookError(
        plugin,
        hook,
        `${plugin}: hook ${hook} was interrupted; the project files are complete.`,
        'aborted',
      );
    }
    const message = error instanceof Error ? error.message : String(error);
    const asked = (error as { exitCode?: unknown } | null)?.exitCode;
    // A plugin's "engine not running" error keeps its meaning: exit 4, what to start.
    const exitCode =
      typeof asked === 'number'
        ? asked
        : (error as Error | null)?.name === 'EnvironmentError'
          ? 4
          : undefined;
    throw new HookError(
      plugin,
      hook,
      `${plugin}: hook ${hook} failed: ${message}`,
      'failed',
      typeof exitCode === 'number' ? exitCode : undefined,
    );
  } finally {
    process.exit = realExit;
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
  }
}
