/**
 * STOP! This is the public API of generator-data-eng's plugins (`generator-data-eng/plugin`).
 * Everything exported here is a promise to third-party plugin authors, kept for the whole of an
 * apiVersion. Built-in plugins use exactly this surface and nothing internal. Try hard not to add to it.
 */
import type Docker from 'dockerode';
import type { ResolvedWindowsAuth } from '../auth/settings/settings.js';
import type { StackApi, ServiceSpec } from '../model/stack-builder.js';
import type { OptionSpec } from './option-spec.js';
import type { Stack, ProjectInfo } from '../model/stack.js';
import type { Environment } from '../project/environments.js';

export type { StackApi, ServiceSpec, OptionSpec, Stack, ProjectInfo };
export { readAnswers } from '../config/read-answers.js';
export type { Environment, SecretsSource } from '../project/environments.js';
export {
  configLayerOf,
  secretsDocPath,
  TASK_LOG_STORES,
  REMOTE_LOG_FOLDER,
} from '../project/environments.js';
export { statsdExporterMappings } from '../observability/airflow-metrics.js';
export type { StatsdExporterMapping } from '../observability/airflow-metrics.js';
export { renderRuleGroups as alertRuleGroups } from '../observability/alert-rules.js';
export type { AlertThresholds } from '../observability/alert-rules.js';
export { valueDiff, valuesOverlay } from '../merge/value-diff.js';
export type { ValueChange } from '../merge/value-diff.js';
export type { AnswerOf, AnswersOf, ValidateContext } from './option-spec.js';
export type {
  Service,
  HealthCheck,
  PortBinding,
  VolumeMount,
  ImageBuild,
  Secret,
  SecretKind,
  SecretRole,
  Setting,
  DevContainer,
  DependencyCondition,
} from '../model/stack.js';
export type { EnvValue, EnvRef, EnvConcat, EnvPart, EnvSecretFile } from '../model/env-value.js';
export {
  envRef,
  envTemplate,
  partsOf,
  secretFile,
  secretFilePath,
  secretFileId,
  secretFilesOf,
  environmentSecretFiles,
  SECRETS_DIR,
} from '../model/env-value.js';
export { builtImageName, imageRepository } from '../model/image-name.js';
export {
  AIRFLOW_AUTH_MANAGERS,
  API_SERVER_WORKERS,
  connectionBudget,
  DATABASE_POOL,
  PGBOUNCER_RESULT_BACKEND_POOL,
} from '../airflow.js';
export type { ConnectionBudget } from '../airflow.js';
export type { EngineEndpoint } from '../docker/engine-endpoint.js';
export { engineEndpoint, engineNotRunning, EnvironmentError } from '../docker/engine-endpoint.js';
export {
  composeHealthcheck,
  composePort,
  composeValue,
  composeVolume,
  escapeComposeLiteral,
} from '../render/compose-value.js';

/** The plugin API version this package speaks. A plugin declaring another is refused with both numbers. */
export const PLUGIN_API_VERSION = 1;

export type Answers = Readonly<Record<string, unknown>>;

export interface ContributeContext {
  /** This plugin's resolved answers (stored under its name in .yo-rc.json). */
  readonly answers: Answers;
  /** Every enabled component's and plugin's answers, by name. */
  readonly config: Readonly<Record<string, Answers>>;
  /** Whether another component or plugin is enabled, e.g. to wire into airflow only when present. */
  enabled(name: string): boolean;
  /**
   * Whether an enabled plugin carries this hook, i.e. whether `data-eng build` (buildCache) or `data-eng up`
   * (orchestrate) has something to run: for files that point people at those verbs.
   */
  hasHook(hook: HookName): boolean;
  /**
   * Another part's answers as that part resolves them (defaults filled in, lists parsed), or undefined when it
   * is not enabled. Read them here rather than from `config`, so a default is stated in one place only.
   */
  settingsOf(name: 'windows-auth'): ResolvedWindowsAuth | undefined;
  settingsOf(name: string): unknown;
  /**
   * The environment this Stack is built for: the local one (compose) for the project's own files, or one of the
   * others when a plugin asks for its Stack (`stackOf`). See docs/environments.md.
   */
  readonly environment: Environment;
  /** Every environment the project declares, in order; a project that declares none has dev on compose. */
  readonly environments: readonly Environment[];
  /** Another environment's Stack, built once per run from the same answers and that environment's overrides. */
  stackOf(environment: string): Stack;
}

/** One secret an environment reads outside .env: a Kubernetes Secret the chart refers to, for instance. */
export interface EnvironmentSecret {
  /** Its name where it lives, e.g. the Kubernetes Secret's. */
  readonly name: string;
  /** The keys it holds. */
  readonly keys: readonly string[];
  /** Where its value comes from: `manual` (made by hand) or the vault the environment reads. */
  readonly source: string;
  /** What it holds, in words. */
  readonly holds: string;
  /** The .env variable of the local stack holding the same kind of value, when there is one. */
  readonly sameAs?: string;
}

/** A text file a plugin derives from its answers; it is merged three ways like every generated file. */
export interface FileContribution {
  /** Relative to the project root, with forward slashes. */
  readonly path: string;
  readonly content: string;
  /** Unix mode, e.g. 0o755 for scripts. */
  readonly mode?: number;
  /** The environment the file is made for, when it is one of a set made per environment (`data-eng env diff`). */
  readonly environment?: string;
  /** A Helm values overlay: the file it is applied over (`-f base -f overlay`), for comparing environments. */
  readonly overlayOf?: string;
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface Progress {
  /**
   * Run a titled step with visible progress; its failure is reported under that title. A step whose work did not
   * succeed, but that should not stop the command (a pull that failed, a fallback taken), calls `mark.failed(reason)`:
   * it is shown as failed, with the reason, and `step` still returns the result.
   */
  step<T>(title: string, run: (update: (detail: string) => void, mark: StepMark) => Promise<T>): Promise<T>;
}

/** How a progress step ended, when it is not simply done. */
export interface StepMark {
  failed(reason: string): void;
}

/** What every hook receives. */
export interface HookContext {
  readonly projectDir: string;
  readonly stack: Stack;
  /** This plugin's answers. */
  readonly answers: Answers;
  readonly config: Readonly<Record<string, Answers>>;
  /** Options of the command that triggered the hook (e.g. build --target, up services). */
  readonly options: Readonly<Record<string, unknown>>;
  /**
   * For an orchestrate hook, the verb this run asks of it: the command's (`up`, `down`, `status`, `logs`), or `up`
   * after scaffolding with --up; undefined when scaffolding asks for nothing, and for every other hook.
   */
  readonly action?: string;
  readonly logger: Logger;
  readonly progress: Progress;
  /** Aborted on Ctrl-C or when the hook passes its timeout; pass it on to long operations. */
  readonly signal: AbortSignal;
  /** A Docker client, made on first use; honours DOCKER_HOST and Podman sockets. */
  docker(): Promise<Docker>;
  /**
   * The variables of the project's `.env` as docker compose reads them (quotes, `export`, comments), read on
   * first use; empty when the project has none. Secrets are there: never log or report them.
   */
  projectEnv(): Promise<Readonly<Record<string, string>>>;
  /**
   * Ask the user a yes/no question on the terminal (only "y" or "yes" is a yes). Undefined when there is no
   * terminal to ask on: fail with the flag that answers it instead (e.g. `--yes`).
   */
  confirm(question: string): Promise<boolean | undefined>;
  /** Record a result for --json output of the command. */
  report(key: string, value: unknown): void;
}

/**
 * A hook. To choose the command's exit status, throw an Error with a numeric `exitCode`
 * (see HOOK_EXIT); any other failure exits 5 with the plugin and hook named.
 */
export type Hook = (context: HookContext) => Promise<void> | void;

/** Exit codes a hook may ask for by throwing an Error with `exitCode` set (docs/cli.md). */
export const HOOK_EXIT = { usage: 2, environment: 4, unhealthy: 6 } as const;

/**
 * A hook failure that chooses the command's exit status: `throw new PluginError('Compose v2 is missing;
 * install it.', HOOK_EXIT.environment)`. The message is shown as it is, so make it one sentence with the fix.
 */
export class PluginError extends Error {
  override readonly name = 'PluginError';
  constructor(
    message: string,
    /** One of HOOK_EXIT, or the status of a tool the hook ran on the user's behalf. */
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export type { WebserverConfigPlace } from '../auth/settings/webserver-config.js';
export { renderWebserverConfig as windowsAuthWebserverConfig } from '../auth/settings/webserver-config.js';
export type { ResolvedWindowsAuth } from '../auth/settings/settings.js';
export { renderKrb5Conf as windowsAuthKrb5Conf } from '../auth/settings/render-krb5-conf.js';
export type { ServiceState } from './service-status.js';
export { formatServiceTable, formatTable, healthFromStatus, summarizeServices } from './service-status.js';

/** Hook names, in the fixed order they run after scaffolding. */
export const HOOK_ORDER = ['afterScaffold', 'buildCache', 'orchestrate'] as const;
export type HookName = (typeof HOOK_ORDER)[number];

export interface PluginDefinition {
  /** Built-in name, or the npm package name (data-eng-plugin-* or @scope/data-eng-plugin-*). */
  readonly name: string;
  readonly apiVersion: number;
  readonly description?: string;
  /** Questions; answers are stored under the plugin's name in .yo-rc.json. */
  readonly options?: readonly OptionSpec[];
  /** Other components or plugins that must be enabled for this one to work. */
  readonly requires?: readonly string[];
  /** Describe this plugin's part of the project. Pure: no files, no network. */
  contribute?(stack: StackApi, context: ContributeContext): void;
  /** Text files derived from the answers and the finished Stack. */
  files?(stack: Stack, context: ContributeContext): readonly FileContribution[];
  /**
   * The secrets an environment this plugin deploys reads from somewhere other than .env (e.g. Kubernetes
   * Secrets), for `data-eng secrets ls --env`: names and where they come from, never a value.
   */
  environmentSecrets?(stack: Stack, context: ContributeContext): readonly EnvironmentSecret[];
  readonly hooks?: Partial<Record<HookName, Hook>>;
  /**
   * `orchestrator` for a plugin that runs the stack (`data-eng up`, `down`, `status`, `logs`). At most one may run
   * it in a project; the host refuses a second before any orchestrate hook starts.
   */
  readonly kind?: 'orchestrator';
  /** For an orchestrator: whether these answers make it run the stack (default true), or only render files. */
  runsStack?(answers: Answers): boolean;
  /** The answers resolved for others to read (`ContributeContext.settingsOf`); by default the answers as stored. */
  settings?(answers: Answers): unknown;
  /** Per-hook timeout in milliseconds; default 10 minutes. */
  readonly hookTimeoutMs?: number;
}

/**
 * Define a plugin. An identity function that gives the definition its full type and checks its shape.
 *
 * @example
 * import { definePlugin, envRef, readAnswers } from 'generator-data-eng/plugin';
 *
 * export default definePlugin({
 *   name: 'data-eng-plugin-minio',
 *   apiVersion: 1,
 *   options: OPTIONS, // [{ name: 'port', flag: 'minio-port', type: 'number', ... default: 9000 }] as const
 *   contribute(stack, context) {
 *     const { port } = readAnswers(OPTIONS, context.answers);
 *     stack.addVolume('minio-data');
 *     stack.addSecret('MINIO_ROOT_PASSWORD', 'password', 'MinIO root password');
 *     stack.addService({
 *       name: 'minio',
 *       image: 'minio/minio',
 *       environment: { MINIO_ROOT_PASSWORD: envRef('MINIO_ROOT_PASSWORD') },
 *       ports: [{ container: 9000, host: port, forward: true }],
 *       volumes: [{ type: 'volume', source: 'minio-data', target: '/data' }],
 *       persistent: true,
 *     });
 *   },
 * });
 */
export function definePlugin<const T extends PluginDefinition>(definition: T): T {
  if (!definition || typeof definition.name !== 'string' || definition.name.length === 0) {
    throw new TypeError('definePlugin needs a non-empty "name"; use the npm package name of the plugin.');
  }
  if (typeof definition.apiVersion !== 'number') {
    throw new TypeError(
      `Plugin "${definition.name}" has no numeric "apiVersion"; set apiVersion: ${PLUGIN_API_VERSION}.`,
    );
  }
  return Object.freeze(definition);
}
