import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Stack } from '../model/stack.js';
import type { Contributor } from '../project/build-stack.js';
import type { Answers, HookContext, HookName, Logger, Progress } from './public-api.js';
import { HOOK_EXIT, HOOK_ORDER } from './public-api.js';
import { createDockerClient } from '../docker/docker-client.js';
import { readDotenv } from '../config/dotenv.js';
import { confirmOnTerminal } from './confirm.js';
import type { HookFailure, HookWorkerData, HostMessage, WorkerMessage } from './hook-messages.js';
import { exitRefusal, failureOf } from './hook-messages.js';

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
  const action = requestedAction(run.options ?? {});
  if (hooks.includes('orchestrate') && action !== undefined) assertOneRunner(run.contributors);
  let docker: ReturnType<typeof createDockerClient> | undefined;
  let projectEnv: Promise<Record<string, string>> | undefined;
  for (const hook of HOOK_ORDER.filter((name) => hooks.includes(name))) {
    for (const { definition, answers, entry } of run.contributors) {
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
      const timeoutMs = definition.hookTimeoutMs ?? DEFAULT_HOOK_TIMEOUT_MS;
      const worker = entry ? hookWorker() : undefined;
      if (entry && worker) {
        await callInWorker(worker, timeoutMs, run, report, {
          entry,
          plugin: definition.name,
          hook,
          projectDir: run.projectDir,
          stack: run.stack,
          answers,
          config,
          options: run.options ?? {},
          action: hook === 'orchestrate' ? action : undefined,
        });
      } else {
        await callWithTimeout(definition.name, hook, timeoutMs, run.signal, (signal) => {
          const context: HookContext = {
            projectDir: run.projectDir,
            stack: run.stack,
            answers: answers as Answers,
            config,
            options: run.options ?? {},
            ...(hook === 'orchestrate' && action !== undefined ? { action } : {}),
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
        });
      }
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

/** The verb a run asks of the hooks: the command's action, or `up` after scaffolding with --up. */
export function requestedAction(options: Readonly<Record<string, unknown>>): string | undefined {
  if (options.phase === 'scaffold') return options.up ? 'up' : undefined;
  return typeof options.action === 'string' ? options.action : undefined;
}

/**
 * Two orchestrators running the stack would start it twice, on the same ports: refuse before either starts,
 * naming them. An orchestrator declares itself (`kind: 'orchestrator'`) and whether its answers make it run.
 */
export function assertOneRunner(contributors: readonly Contributor[]): void {
  const runners = contributors
    .filter((c) => c.definition.kind === 'orchestrator' && (c.definition.runsStack?.(c.answers) ?? true))
    .map((c) => c.definition.name);
  if (runners.length < 2) return;
  const keep = runners[0]!;
  throw new HookError(
    runners.join(', '),
    'orchestrate',
    `${runners.join(' and ')} would each run the stack; keep one: ${runners
      .slice(1)
      .map((name) => `data-eng plugins remove ${name}`)
      .join(
        ', then ',
      )} (keeping ${keep}), or answer so that only one runs it (e.g. "runner": "none" under orchestrator-dcsm).`,
    'failed',
    HOOK_EXIT.usage,
  );
}

const formatMs = (ms: number): string =>
  ms < 1000 ? `${ms} ms` : `${ms % 1000 === 0 ? ms / 1000 : (ms / 1000).toFixed(1)} s`;

function timedOut(plugin: string, hook: HookName, timeoutMs: number): HookError {
  return new HookError(
    plugin,
    hook,
    `${plugin}: hook ${hook} did not finish within ${formatMs(timeoutMs)} and was stopped; the project files are complete, run the command again when the cause is fixed.`,
    'timeout',
  );
}

function interrupted(plugin: string, hook: HookName): HookError {
  return new HookError(
    plugin,
    hook,
    `${plugin}: hook ${hook} was interrupted; the project files are complete.`,
    'aborted',
  );
}

/** A hook's failure, named; the exit code it asked for when that is a failure's code (1-255), else 5. */
function failed(plugin: string, hook: HookName, failure: HookFailure): HookError {
  const asked = failure.exitCode;
  // A plugin's "engine not running" error keeps its meaning: exit 4, what to start.
  const exitCode =
    typeof asked === 'number' && Number.isInteger(asked) && asked >= 1 && asked <= 255
      ? asked
      : failure.name === 'EnvironmentError'
        ? 4
        : undefined;
  return new HookError(
    plugin,
    hook,
    `${plugin}: hook ${hook} failed: ${failure.message}`,
    'failed',
    exitCode,
  );
}

interface RelayedStep {
  update(detail: string): void;
  failed(reason: string): void;
  resolve(): void;
  reject(error: Error): void;
}

/**
 * A progress step of a hook in a worker, shown by the command's progress display. Its updates and its end can
 * arrive before the display has started it (it loads on first use): the last update is kept, and the end is a
 * promise the display awaits whenever it gets there.
 */
function relayStep(progress: Progress, title: string): RelayedStep {
  let show: ((detail: string) => void) | undefined;
  let last: string | undefined;
  let failedReason: string | undefined;
  let settle!: { resolve: () => void; reject: (error: Error) => void };
  const ended = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  // Handled here too: a step can fail before the display awaits it.
  ended.catch(() => undefined);
  progress
    .step(title, async (update, mark) => {
      show = update;
      if (last !== undefined) update(last);
      await ended;
      if (failedReason !== undefined) mark.failed(failedReason);
    })
    .catch(() => undefined);
  return {
    update: (detail) => {
      last = detail;
      show?.(detail);
    },
    failed: (reason) => {
      failedReason = reason;
    },
    resolve: () => settle.resolve(),
    reject: (error) => settle.reject(error),
  };
}

/** How long a stopped hook's thread has to end by itself after its signal aborts, before it is ended. */
const STOP_GRACE_MS = 2000;

let workerUrl: URL | null | undefined;
/** The built hook worker; none when running from the TypeScript sources (unit tests), where hooks run inline. */
function hookWorker(): URL | undefined {
  if (workerUrl === undefined) {
    const url = new URL('./hook-worker.js', import.meta.url);
    workerUrl = existsSync(fileURLToPath(url)) ? url : null;
  }
  return workerUrl ?? undefined;
}

/**
 * Run a third-party plugin's hook in a worker thread (docs/adr/0005-third-party-hooks-in-workers.md): a hook
 * that overruns, loops without yielding, leaves timers running or calls process.exit cannot hold or end the
 * run. The thread's logger, progress, questions and report come here as messages. When the hook finishes the
 * thread is ended; at the timeout or Ctrl-C its signal aborts, it has STOP_GRACE_MS to end, and is then ended.
 */
async function callInWorker(
  url: URL,
  timeoutMs: number,
  run: HookRun,
  report: Record<string, unknown>,
  data: HookWorkerData,
): Promise<void> {
  const { Worker } = await import('node:worker_threads');
  const { plugin, hook } = data;
  if (run.signal?.aborted) throw interrupted(plugin, hook);
  // What a hook prints itself (console.log) goes where it would outside a thread, except under --json: then on
  // stderr, so stdout stays the command's one JSON document.
  const worker = new Worker(url, { workerData: data, stdout: true });
  worker.stdout.pipe(run.options?.json ? process.stderr : process.stdout, { end: false });
  const questions = new AbortController();
  const steps = new Map<number, RelayedStep>();
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    let ended = false;
    const finish = (error?: HookError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      run.signal?.removeEventListener('abort', onAbort);
      questions.abort();
      for (const step of steps.values()) step.reject(error ?? new Error(`${plugin}: hook ${hook} ended`));
      steps.clear();
      const done = (): void => (error ? reject(error) : resolve());
      if (!error || error.reason === 'failed' || ended) {
        void worker.terminate().then(done, done);
        return;
      }
      // Stopped: let the hook see its signal and clean up (its child processes), then end the thread.
      worker.postMessage({ type: 'abort' } satisfies HostMessage);
      const grace = setTimeout(() => void worker.terminate(), STOP_GRACE_MS);
      // A hook that honours its signal settles (done, or failed with an AbortError): end the thread then.
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'done' || message.type === 'failed') void worker.terminate();
      });
      worker.once('exit', () => {
        clearTimeout(grace);
        done();
      });
    };
    const timer = setTimeout(() => finish(timedOut(plugin, hook, timeoutMs)), timeoutMs);
    const onAbort = (): void => finish(interrupted(plugin, hook));
    run.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: WorkerMessage) => {
      if (settled) return;
      switch (message.type) {
        case 'log':
          run.logger[message.level](message.message);
          break;
        case 'report':
          report[message.key] = message.value;
          break;
        case 'step':
          steps.set(message.id, relayStep(run.progress, message.title));
          break;
        case 'step-update':
          steps.get(message.id)?.update(message.detail);
          break;
        case 'step-failed':
          steps.get(message.id)?.failed(message.reason);
          break;
        case 'step-end': {
          const step = steps.get(message.id);
          steps.delete(message.id);
          if (message.failure) step?.reject(new Error(message.failure.message));
          else step?.resolve();
          break;
        }
        case 'confirm':
          confirmOnTerminal(message.question, questions.signal).then(
            (value) => worker.postMessage({ type: 'answer', id: message.id, value } satisfies HostMessage),
            () => worker.postMessage({ type: 'answer', id: message.id, aborted: true } satisfies HostMessage),
          );
          break;
        case 'done':
          finish();
          break;
        case 'failed':
          // Ctrl-C at the hook's own question is an interruption, not a failure.
          finish(
            message.failure.name === 'AbortError'
              ? interrupted(plugin, hook)
              : failed(plugin, hook, message.failure),
          );
          break;
      }
    });
    // An error thrown where the hook cannot catch it (a timer, an unhandled rejection) ends the thread.
    worker.on('error', (error) => finish(failed(plugin, hook, failureOf(error))));
    worker.on('exit', (code) => {
      ended = true;
      finish(
        failed(plugin, hook, {
          name: 'Error',
          message: `its thread ended (exit code ${code}) before the hook finished`,
        }),
      );
    });
  });
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
      reject(timedOut(plugin, hook, timeoutMs));
    }, timeoutMs);
    controller.signal.addEventListener(
      'abort',
      () => {
        if (outer?.aborted) reject(interrupted(plugin, hook));
      },
      { once: true },
    );
  });
  // A hook ends the run by failing, never by exiting: process.exit inside it throws instead, so the run
  // reports the plugin and the hook rather than stopping with the plugin's status (a 0 would claim success).
  const realExit = process.exit;
  process.exit = ((code?: number | string | null) => {
    throw new Error(exitRefusal(code));
  }) as typeof process.exit;
  try {
    await Promise.race([Promise.resolve().then(() => call(controller.signal)), stopped]);
  } catch (error) {
    if (error instanceof HookError) throw error;
    // Ctrl-C at a hook's own question (context.confirm) is an interruption, not a failure.
    if ((error as Error | null)?.name === 'AbortError' && !controller.signal.aborted) {
      throw interrupted(plugin, hook);
    }
    throw failed(plugin, hook, failureOf(error));
  } finally {
    process.exit = realExit;
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
  }
}
