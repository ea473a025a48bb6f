import type { AnswersOf, OptionSpec } from '../plugins/option-spec.js';
import type { ProjectConfig } from '../config/project-config.js';
import { ProjectConfigError } from '../config/project-config.js';
import { readAnswers } from '../config/read-answers.js';
import { validateAnswer } from '../config/validate-answer.js';
import { connectionBudget } from '../airflow.js';

/** The key of .yo-rc.json that declares the environments, one answers object per environment, in order. */
export const ENVIRONMENTS_KEY = 'environments';

/** An environment's name: also its configuration layer, conf/env/<name>.yaml, and part of file names. */
export const ENVIRONMENT_NAME = /^[a-z](?:[a-z0-9-]{0,28}[a-z0-9])?$/;

/** Where a project's Kubernetes secrets come from; compose always reads them from `.env`. */
export const SECRETS_SOURCES = [
  'manual',
  'azure-key-vault',
  'hashicorp-vault',
  'aws-secrets-manager',
] as const;
export type SecretsSource = (typeof SECRETS_SOURCES)[number];

/** Where task logs outlive their pods on Kubernetes: the chart's shared volume, object storage, or kept pods. */
export const TASK_LOG_STORES = ['persistence', 'remote', 'pods'] as const;
/** An object-storage folder Airflow's remote logging writes to (empty: not chosen). */
export const REMOTE_LOG_FOLDER = /^$|^(s3|gs|wasb|abfs|abfss|oss|hdfs):\/\/\S+$/;

/** What `secretsStore` names for each vault, and how to say it. */
const STORE_FORMS: Record<Exclude<SecretsSource, 'manual'>, { pattern: RegExp; hint: string }> = {
  'azure-key-vault': {
    pattern: /^https:\/\/[a-z0-9-]{3,24}\.vault\.azure\.(net|cn|us)\/?$/i,
    hint: 'give the vault URL, e.g. https://corp-airflow-prod.vault.azure.net',
  },
  'hashicorp-vault': {
    // A host and port only: a token in the URL (https://user:token@host) would end up in every rendered file.
    pattern: /^https?:\/\/[^\s/@:]+(:\d+)?\/?$/,
    hint: 'give the Vault server URL, e.g. https://vault.corp.example.com:8200',
  },
  'aws-secrets-manager': {
    pattern: /^[a-z]{2}(-gov)?-[a-z]+-\d$/,
    hint: 'give the AWS region, e.g. eu-west-1',
  },
};

/**
 * The questions of one environment: where it runs and what it overrides of the project's answers. Stored under
 * `environments.<name>` in .yo-rc.json; `data-eng add environment NAME` asks them, each with its flag.
 */
export const ENVIRONMENT_OPTIONS = [
  {
    name: 'target',
    flag: 'target',
    type: 'string',
    description:
      'Where the environment runs: compose (the stack on a machine, from compose.yaml and .env) or kubernetes (the official Helm chart, deploy/helm/values-<env>.yaml)',
    default: 'kubernetes',
    choices: ['compose', 'kubernetes'],
  },
  {
    name: 'executor',
    flag: 'executor',
    type: 'string',
    description:
      "Executor in this environment: project (the project's answer) or one of CeleryExecutor, KubernetesExecutor (kubernetes targets)",
    default: 'project',
    choices: ['project', 'CeleryExecutor', 'KubernetesExecutor'],
    when: (answers) => answers.target === 'kubernetes',
    validate: (value, answers) =>
      value !== 'project' && answers.target === 'compose'
        ? 'a compose environment runs the executor the airflow part answers; change it with data-eng add airflow --executor'
        : undefined,
  },
  {
    name: 'replicas',
    flag: 'replicas',
    type: 'number',
    description:
      'Replicas of the scheduler, API server and triggerer (and Celery workers) in the cluster; compose runs one of each',
    default: 1,
    min: 1,
    max: 10,
    when: (answers) => answers.target === 'kubernetes',
    validate: (value, answers) =>
      value !== 1 && answers.target === 'compose'
        ? 'compose runs one of each service; answer replicas for a kubernetes environment'
        : undefined,
  },
  {
    name: 'resources',
    flag: 'resources',
    type: 'string',
    description:
      "CPU and memory requests and limits of the Airflow pods: chart (the chart's own, none set), small, medium or large",
    default: 'chart',
    choices: ['chart', 'small', 'medium', 'large'],
    when: (answers) => answers.target === 'kubernetes',
    validate: (value, answers) =>
      value !== 'chart' && answers.target === 'compose'
        ? 'compose sets no resources; answer them for a kubernetes environment'
        : undefined,
  },
  {
    name: 'registry',
    flag: 'registry',
    type: 'string',
    description:
      "Registry this environment pulls the Airflow image from; empty takes orchestrator-kubernetes's answer",
    default: '',
    pattern: /^$|^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)*$/,
    patternHint: 'give a registry host and optional path, e.g. registry.corp.example.com/data',
    when: (answers) => answers.target === 'kubernetes',
  },
  {
    name: 'imageTag',
    flag: 'image-tag',
    type: 'string',
    description:
      "Tag of the Airflow image this environment runs; empty takes orchestrator-kubernetes's answer",
    default: '',
    pattern: /^$|^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/,
    patternHint: 'use a Docker tag: letters, digits, _ . -',
    when: (answers) => answers.target === 'kubernetes',
  },
  {
    name: 'pgbouncer',
    flag: 'pgbouncer',
    type: 'boolean',
    description:
      "Put the chart's PgBouncer in front of the metadata database, so many pods share few database connections",
    // High availability means many pods: the chart's production guide puts PgBouncer in front of them.
    default: (answers) => Number(answers.replicas) > 1,
    when: (answers) => answers.target === 'kubernetes',
    validate: (value, answers) =>
      value && answers.target === 'compose'
        ? 'compose connects directly; answer it for a kubernetes environment'
        : undefined,
  },
  {
    name: 'databaseMaxConnections',
    flag: 'database-max-connections',
    type: 'number',
    description:
      "max_connections of the environment's PostgreSQL (a managed one's limit); the Airflow pods' connections must fit in it",
    default: 100,
    min: 10,
    max: 100000,
    when: (answers) => answers.target === 'kubernetes',
    validate: (value, answers) =>
      answers.target === 'kubernetes'
        ? connectionBudget(Number(answers.replicas), Number(value), Boolean(answers.pgbouncer)).problem
        : undefined,
  },
  {
    name: 'configLayer',
    flag: 'config-layer',
    type: 'string',
    description:
      'The configuration layer its code loads, conf/env/<layer>.yaml (APP_ENV); empty loads its own, conf/env/<name>.yaml',
    default: '',
    pattern: /^$|^[a-z][a-z0-9-]{0,29}$/,
    patternHint: 'give a layer name such as prod (lowercase letters, digits and hyphens), or nothing',
  },
  {
    name: 'taskLogs',
    flag: 'task-logs',
    type: 'string',
    description:
      "Where this environment's task logs outlive their pods: project (orchestrator-kubernetes's answer), remote (object storage at --remote-log-folder), or, with KubernetesExecutor, persistence (the chart's ReadWriteMany volume) or pods (finished task pods are kept)",
    default: 'project',
    choices: ['project', ...TASK_LOG_STORES],
    when: (answers) => answers.target === 'kubernetes',
    validate: (value, answers) =>
      value !== 'project' && answers.target === 'compose'
        ? 'compose keeps task logs in its airflow-logs volume; answer task logs for a kubernetes environment'
        : undefined,
  },
  {
    name: 'remoteLogFolder',
    flag: 'remote-log-folder',
    type: 'string',
    description:
      'With remote task logs: the folder in object storage, e.g. s3://bucket/airflow/logs, gs://bucket/logs or wasb://container@account.blob.core.windows.net/logs',
    default: '',
    pattern: REMOTE_LOG_FOLDER,
    patternHint: 'use an object-storage URL such as s3://bucket/airflow/logs',
    when: (answers) => answers.target === 'kubernetes' && answers.taskLogs === 'remote',
    validate: (value, answers) =>
      answers.target === 'kubernetes' && answers.taskLogs === 'remote' && !value
        ? 'remote task logs need a folder: pass --remote-log-folder, e.g. s3://bucket/airflow/logs'
        : undefined,
  },
  {
    name: 'secretsSource',
    flag: 'secrets-source',
    type: 'string',
    description:
      'Where the Kubernetes Secrets the chart reads come from: manual (kubectl create secret, commands in docs/secrets/manual.md), or External Secrets Operator from azure-key-vault, hashicorp-vault or aws-secrets-manager',
    default: 'manual',
    choices: [...SECRETS_SOURCES],
    when: (answers) => answers.target === 'kubernetes',
    validate: (value, answers) =>
      value !== 'manual' && answers.target === 'compose'
        ? 'compose reads secrets from .env; choose a vault for a kubernetes environment'
        : undefined,
  },
  {
    name: 'secretsStore',
    flag: 'secrets-store',
    type: 'string',
    description:
      'The vault the External Secrets Operator reads: the Key Vault URL, the Vault server URL, or the AWS region',
    default: '',
    when: (answers) => answers.secretsSource !== 'manual',
    validate: (value, answers) => {
      const source = answers.secretsSource as SecretsSource;
      if (source === 'manual') return undefined;
      const form = STORE_FORMS[source];
      return form && !form.pattern.test(String(value)) ? form.hint : undefined;
    },
  },
  {
    name: 'secretsBackend',
    flag: 'secrets-backend',
    type: 'string',
    description:
      "Where Airflow reads connections and variables: none (its database), or the environment's vault (azure-key-vault, hashicorp-vault, aws-secrets-manager) as Airflow's secrets backend; the pods need the vault's access (docs/secrets/<source>.md)",
    // Opt-in: the Airflow pods must be given the vault identity first (docs/secrets/<source>.md).
    default: 'none',
    when: (answers) => answers.secretsSource !== 'manual',
    choices: ['none', ...SECRETS_SOURCES.filter((source) => source !== 'manual')],
    validate: (value, answers) =>
      value === 'none' || value === answers.secretsSource
        ? undefined
        : answers.target === 'compose'
          ? 'compose reads connections from its database and .env; choose a vault for a kubernetes environment'
          : answers.secretsSource === 'manual'
            ? 'the backend reads the vault of --secrets-source, which is manual; choose that vault with --secrets-source and --secrets-store, or none'
            : `the backend reads the vault of --secrets-source (${String(answers.secretsSource)}); choose none or ${String(answers.secretsSource)}`,
  },
] as const satisfies readonly OptionSpec[];

/** One declared environment, its answers read with their defaults. */
export type Environment = AnswersOf<typeof ENVIRONMENT_OPTIONS> & {
  readonly name: string;
  readonly target: 'compose' | 'kubernetes';
  readonly secretsSource: SecretsSource;
  readonly secretsBackend: 'none' | Exclude<SecretsSource, 'manual'>;
  readonly taskLogs: 'project' | (typeof TASK_LOG_STORES)[number];
};

/** A project that declares none has the one it always had: dev, the compose stack on the machine. */
const DEFAULT_ENVIRONMENTS = { dev: { target: 'compose' } };

function environmentAnswers(config: ProjectConfig): Record<string, Record<string, unknown>> {
  const declared = (config as Record<string, unknown>)[ENVIRONMENTS_KEY];
  return (declared ?? DEFAULT_ENVIRONMENTS) as Record<string, Record<string, unknown>>;
}

/** What is wrong with an environment's name, in one sentence with the fix; undefined when it is usable. */
export function environmentNameProblem(name: string): string | undefined {
  return ENVIRONMENT_NAME.test(name)
    ? undefined
    : `Environment name "${name}" is not usable; use at most 30 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen (e.g. staging).`;
}

/** Every problem with one environment's answers, as sentences naming the answer and the fix. */
export function environmentProblems(name: string, answers: Readonly<Record<string, unknown>>): string[] {
  const problems: string[] = [];
  const badName = environmentNameProblem(name);
  if (badName) problems.push(badName);
  let read: Record<string, unknown>;
  try {
    read = readAnswers(ENVIRONMENT_OPTIONS, answers, `environments.${name}`);
  } catch (error) {
    return [...problems, (error as Error).message];
  }
  for (const spec of ENVIRONMENT_OPTIONS) {
    const problem = validateAnswer(`environments.${name}`, spec, read[spec.name], read, { stored: true });
    if (problem) problems.push(problem);
  }
  const known = new Set<string>(ENVIRONMENT_OPTIONS.map((spec) => spec.name));
  for (const key of Object.keys(answers))
    if (!known.has(key))
      problems.push(
        `Unknown answer "environments.${name}.${key}"; an environment takes: ${[...known].join(', ')} (docs/environments.md).`,
      );
  return problems;
}

/**
 * The project's environments in their declared order, each read with its defaults and checked: at most one runs
 * on compose (the stack of this machine, which reads .env), and a kubernetes one needs orchestrator-kubernetes.
 * A bad declaration in .yo-rc.json is a ProjectConfigError (exit 2) naming it.
 */
export function environmentsOf(config: ProjectConfig): Environment[] {
  const declared = environmentAnswers(config);
  if (typeof declared !== 'object' || declared === null || Array.isArray(declared))
    throw new ProjectConfigError(
      `"${ENVIRONMENTS_KEY}" in .yo-rc.json must be an object of environments, e.g. {"dev": {"target": "compose"}}; correct it there.`,
    );
  const environments: Environment[] = [];
  for (const [name, answers] of Object.entries(declared)) {
    if (typeof answers !== 'object' || answers === null || Array.isArray(answers))
      throw new ProjectConfigError(
        `environments.${name} in .yo-rc.json must be an object of answers, e.g. {"target": "kubernetes"}; correct it there.`,
      );
    const problems = environmentProblems(name, answers);
    if (problems.length > 0) throw new ProjectConfigError(`${problems[0]} Correct it in .yo-rc.json.`);
    environments.push({ ...readAnswers(ENVIRONMENT_OPTIONS, answers), name } as Environment);
  }
  if (environments.length === 0)
    throw new ProjectConfigError(
      `"${ENVIRONMENTS_KEY}" in .yo-rc.json declares none; keep at least one, e.g. {"dev": {"target": "compose"}}.`,
    );
  const compose = environments.filter((env) => env.target === 'compose');
  if (compose.length === 0 && (config.plugins ?? []).includes('orchestrator-compose'))
    throw new ProjectConfigError(
      `No environment targets compose, which orchestrator-compose runs on this machine; keep one on compose (e.g. "dev": {"target": "compose"}), or remove the plugin with data-eng plugins remove orchestrator-compose.`,
    );
  if (compose.length > 1)
    throw new ProjectConfigError(
      `Environments ${compose.map((env) => env.name).join(' and ')} both target compose, which runs one stack per machine from .env; give all but one "target": "kubernetes" in .yo-rc.json.`,
    );
  const plugins = config.plugins ?? [];
  const cluster = environments.find((env) => env.target === 'kubernetes');
  if (cluster && !plugins.includes('orchestrator-kubernetes'))
    throw new ProjectConfigError(
      `Environment ${cluster.name} targets kubernetes, which orchestrator-kubernetes renders; keep the plugin (data-eng plugins add orchestrator-kubernetes), or first remove the environment with data-eng env rm ${cluster.name}.`,
    );
  return environments;
}

/**
 * The environment the project's own Stack is built for: the compose one (this machine's), else the first. Its
 * Stack renders compose.yaml, .env and every file not made per environment.
 */
export function localEnvironment(environments: readonly Environment[]): Environment {
  return environments.find((env) => env.target === 'compose') ?? environments[0]!;
}

/** The orchestrator that renders kubernetes environments: declaring one enables it. */
export const KUBERNETES_PLUGIN = 'orchestrator-kubernetes';

/**
 * The config with one environment declared (or changed) and, for a kubernetes target, the plugin that renders it
 * enabled; the whole set is checked, so a second compose target is refused here. `enabled` names what was enabled.
 */
export function declareEnvironment(
  config: ProjectConfig,
  name: string,
  answers: Readonly<Record<string, unknown>>,
): { config: ProjectConfig; enabled: string[] } {
  const badName = environmentNameProblem(name);
  if (badName) throw new ProjectConfigError(badName);
  const declared = { ...environmentAnswers(config) };
  const plugins = config.plugins ?? [];
  const { target } = readAnswers(ENVIRONMENT_OPTIONS, answers, `environments.${name}`);
  const enable = target === 'kubernetes' && !plugins.includes(KUBERNETES_PLUGIN);
  const next: ProjectConfig = {
    ...config,
    [ENVIRONMENTS_KEY]: { ...declared, [name]: storedAnswers(answers) },
    ...(enable ? { plugins: [...plugins, KUBERNETES_PLUGIN] } : {}),
  };
  try {
    environmentsOf(next);
  } catch (error) {
    // The set is not in .yo-rc.json yet: say what is wrong with it, without pointing there.
    throw new ProjectConfigError((error as Error).message.replace(/ in \.yo-rc\.json/g, ''));
  }
  return { config: next, enabled: enable ? [KUBERNETES_PLUGIN] : [] };
}

/**
 * What .yo-rc.json keeps of an environment's answers: the ones that differ from their defaults and are asked, so
 * a default that follows another answer keeps following it, and an answer that no longer applies goes.
 */
export function storedAnswers(answers: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const read = readAnswers(ENVIRONMENT_OPTIONS, answers);
  const defaults = readAnswers(ENVIRONMENT_OPTIONS, {});
  const kept: Record<string, unknown> = {};
  for (const spec of ENVIRONMENT_OPTIONS as readonly OptionSpec[]) {
    if (spec.when && !spec.when(read)) continue;
    const fallback =
      typeof spec.default === 'function' ? spec.default(read) : defaults[spec.name as 'target'];
    // The target is always kept: it says what the environment is.
    if (spec.name === 'target' || JSON.stringify(read[spec.name as 'target']) !== JSON.stringify(fallback))
      kept[spec.name] = read[spec.name as 'target'];
  }
  return kept;
}

/**
 * The config without one environment. Removing the last compose one, or the last, is refused as any bad set is.
 */
export function removeEnvironment(config: ProjectConfig, name: string): ProjectConfig {
  const declared = { ...environmentAnswers(config) };
  if (!(name in declared))
    throw new ProjectConfigError(
      `No environment "${name}" in this project; it declares ${Object.keys(declared).join(', ')} (data-eng env ls).`,
    );
  delete declared[name];
  const next: ProjectConfig = { ...config, [ENVIRONMENTS_KEY]: declared };
  environmentsOf(next);
  return next;
}

/** The answers an environment stores, as .yo-rc.json holds them (an empty object when it is new). */
export function storedEnvironment(config: ProjectConfig, name: string): Record<string, unknown> {
  const declared = (config as Record<string, unknown>)[ENVIRONMENTS_KEY] as
    Record<string, Record<string, unknown>> | undefined;
  return { ...declared?.[name] };
}

/** The configuration layer an environment loads (APP_ENV): its own, conf/env/<name>.yaml, unless it names another. */
export const configLayerOf = (environment: Environment): string =>
  environment.configLayer || environment.name;

/** The page of the generated project that says how a kubernetes environment's Secrets are made, per source. */
export const secretsDocPath = (source: SecretsSource): string => `docs/secrets/${source}.md`;
