import type { Answers, HookName } from './public-api.js';
import type { Stack } from '../model/stack.js';

/** What a hook worker is started with (structured-cloned into the thread). */
export interface HookWorkerData {
  /** The plugin's module file. */
  readonly entry: string;
  readonly plugin: string;
  readonly hook: HookName;
  readonly projectDir: string;
  readonly stack: Stack;
  readonly answers: Answers;
  readonly config: Readonly<Record<string, Answers>>;
  readonly options: Readonly<Record<string, unknown>>;
  readonly action: string | undefined;
}

/** A failure as it crosses the thread boundary: what the host needs to name it and choose the exit code. */
export interface HookFailure {
  readonly name: string;
  readonly message: string;
  readonly exitCode?: unknown;
}

/** From the worker to the host. */
export type WorkerMessage =
  | { readonly type: 'log'; readonly level: 'info' | 'warn' | 'error'; readonly message: string }
  | { readonly type: 'step'; readonly id: number; readonly title: string }
  | { readonly type: 'step-update'; readonly id: number; readonly detail: string }
  | { readonly type: 'step-failed'; readonly id: number; readonly reason: string }
  | { readonly type: 'step-end'; readonly id: number; readonly failure?: HookFailure }
  | { readonly type: 'confirm'; readonly id: number; readonly question: string }
  | { readonly type: 'report'; readonly key: string; readonly value: unknown }
  | { readonly type: 'done' }
  | { readonly type: 'failed'; readonly failure: HookFailure };

/** From the host to the worker. */
export type HostMessage =
  | { readonly type: 'abort' }
  | { readonly type: 'answer'; readonly id: number; readonly value?: boolean; readonly aborted?: boolean };

/** Why a hook that calls process.exit fails: the same words whether it ran in a worker or inline. */
export const exitRefusal = (code?: number | string | null): string =>
  `it called process.exit(${code ?? ''}); a hook reports a failure by throwing (PluginError), never by exiting`;

/** A thrown value as a HookFailure: what crosses the thread boundary, and what the host names either way. */
export function failureOf(error: unknown): HookFailure {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const exitCode = (error as { exitCode?: unknown }).exitCode;
  return { name: error.name, message: error.message, ...(typeof exitCode === 'number' ? { exitCode } : {}) };
}
