import { existsSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { readProjectFile } from '../fs/project-paths.js';
import { parseDotenv } from '../config/dotenv.js';

/** Where a project made from data-eng-template keeps its compose stack and DCSM services. */
export const TEMPLATE_COMPOSE = '.devcontainer/compose.yaml';
export const TEMPLATE_SERVICES = '.devcontainer/services.yaml';
export const TEMPLATE_ENV = '.devcontainer/.env';
const TEMPLATE_CONFIG = 'conf/config.yaml';

/** The services of the template's compose stack (and its DCSM services.yaml), and what replaces each. */
export const TEMPLATE_SERVICE_MAP: Readonly<Record<string, string | undefined>> = {
  postgres: 'postgres',
  'airflow-init': 'airflow-init',
  'airflow-scheduler': 'airflow-scheduler',
  'airflow-webserver': 'airflow-apiserver',
  // The template's workspace container; the new dev container runs in the stack as `workspace`.
  devcontainer: 'workspace',
};

/** A value spelled `${NAME:-default}` (or `${NAME}`), resolved against the template's .env as compose would. */
function interpolate(value: string, env: Readonly<Record<string, string>>): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}/g, (_whole, name: string, fallback) =>
    env[name] !== undefined && env[name] !== '' ? env[name]! : String(fallback ?? ''),
  );
}

export interface TemplateService {
  readonly name: string;
  readonly definition: Record<string, unknown>;
}

/** What a project made from data-eng-template says about itself, read from its files. */
export interface TemplateProject {
  /** conf/config.yaml's project.slug, else undefined. */
  readonly slug?: string;
  readonly title?: string;
  readonly description?: string;
  readonly author?: string;
  readonly airflowVersion?: string;
  readonly pythonVersion?: string;
  readonly postgresVersion?: string;
  readonly executor?: string;
  /** The database conf/database/*_local.yaml names (the pipelines' own). */
  readonly dataDatabase?: string;
  /** The metadata database the compose stack runs: its owner role and password, resolved from .devcontainer/.env. */
  readonly metadataUser?: string;
  readonly metadataPassword?: string;
  readonly metadataDatabase?: string;
  /** The Airflow admin's password (`_AIRFLOW_WWW_USER_PASSWORD`), and the pipelines' database password in conf/. */
  readonly adminPassword?: string;
  readonly dataPassword?: string;
  /** Every password the template's stack env files set (.devcontainer/*.env), whether the stack read them or not. */
  readonly stackPasswords: readonly string[];
  /** The Fernet key the compose stack encrypted connections with (the scheduler's, as compose resolves it). */
  readonly fernetKey?: string;
  /** Every Fernet key the template's stack files hold, that one first. */
  readonly fernetKeys: readonly string[];
  /** The compose services the template does not define: a team's own. */
  readonly extraComposeServices: readonly TemplateService[];
  /** The compose file's top-level volumes, networks, configs and secrets, by section and name. */
  readonly composeTopLevel: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** The variables of .devcontainer/.env, which compose read for the template's stack. */
  readonly templateEnv: Readonly<Record<string, string>>;
  /** services.yaml (DCSM), when the project has one. */
  readonly dcsm?: {
    readonly namespace?: string;
    readonly portRange?: string;
    readonly extraServices: readonly TemplateService[];
  };
  /** The file each version was read from, for the report. */
  readonly versionFrom: { readonly airflow?: string; readonly postgres?: string };
}

export class NotATemplateProjectError extends Error {
  override readonly name = 'NotATemplateProjectError';
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function readYaml(text: string | undefined, path: string): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  const document = parseDocument(text, { merge: true });
  if (document.errors.length > 0) {
    throw new NotATemplateProjectError(
      `${path} is not valid YAML (${document.errors[0]!.message.split('\n')[0]}); fix it, then run data-eng adopt again.`,
    );
  }
  const value = document.toJS({ maxAliasCount: -1 }) as unknown;
  return isRecord(value) ? value : undefined;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;

/** Environment of a compose or services.yaml service as a map, whatever its spelling (map or KEY=value list). */
export function serviceEnvironment(service: Record<string, unknown>): Record<string, string> {
  const environment = service.environment;
  if (Array.isArray(environment)) {
    return Object.fromEntries(
      environment.map((entry) => {
        const [key, ...rest] = String(entry).split('=');
        return [key!, rest.join('=')];
      }),
    );
  }
  if (!isRecord(environment)) return {};
  return Object.fromEntries(Object.entries(environment).map(([key, value]) => [key, String(value ?? '')]));
}

/** The version in an image reference such as `apache/airflow:2.9.3-python3.12` or `postgres:${POSTGRES_VERSION:-15}`. */
function imageVersion(image: string | undefined, env: Readonly<Record<string, string>>): string | undefined {
  if (!image) return undefined;
  const tag = interpolate(image, env).split(':').pop();
  return tag?.match(/^\d+(?:\.\d+)*/)?.[0];
}

/**
 * Read a project made from data-eng-template (Troubladore/data-eng-template, any of its branches). Throws
 * NotATemplateProjectError when the folder is not one: no .devcontainer/compose.yaml with the template's
 * Airflow services, or no conf/config.yaml.
 */
export async function readTemplateProject(dir: string): Promise<TemplateProject> {
  if (!existsSync(dir))
    throw new NotATemplateProjectError(
      `${dir} does not exist; run data-eng adopt in the folder of a project made from data-eng-template (or name that folder).`,
    );
  const composeText = await readProjectFile(dir, TEMPLATE_COMPOSE);
  const compose = readYaml(composeText, TEMPLATE_COMPOSE);
  const services = isRecord(compose?.services) ? compose.services : undefined;
  const configText = await readProjectFile(dir, TEMPLATE_CONFIG);
  if (!services || !isRecord(services['airflow-scheduler']) || configText === undefined) {
    throw new NotATemplateProjectError(
      `${dir} is not a project made from data-eng-template: it needs ${TEMPLATE_COMPOSE} with an airflow-scheduler service and ${TEMPLATE_CONFIG}. Run data-eng adopt in that project's folder, or data-eng new for a new project.`,
    );
  }
  const versionFrom: { airflow?: string; postgres?: string } = {};
  const env = parseDotenv((await readProjectFile(dir, TEMPLATE_ENV)) ?? '');
  const config = readYaml(configText, TEMPLATE_CONFIG) ?? {};
  const project = isRecord(config.project) ? config.project : {};

  const dockerfile = (await readProjectFile(dir, 'Dockerfile.airflow')) ?? '';
  const fromLine = dockerfile.match(/^FROM\s+\S*apache\/airflow:(\d+\.\d+\.\d+)(?:-python(\d+\.\d+))?/m);
  const scheduler = services['airflow-scheduler'] as Record<string, unknown>;
  let airflowVersion = fromLine?.[1];
  if (airflowVersion) versionFrom.airflow = 'Dockerfile.airflow';
  else if (env.AIRFLOW_VERSION) {
    airflowVersion = env.AIRFLOW_VERSION;
    versionFrom.airflow = `${TEMPLATE_ENV} AIRFLOW_VERSION`;
  } else {
    airflowVersion = imageVersion(text(scheduler.image), env);
    if (airflowVersion) versionFrom.airflow = `${TEMPLATE_COMPOSE} airflow-scheduler image`;
  }
  const pythonVersion =
    fromLine?.[2] ??
    text(scheduler.image)?.match(/-python(\d+\.\d+)/)?.[1] ??
    env.PYTHON_VERSION ??
    text(project.python_version);

  const postgres = isRecord(services.postgres) ? services.postgres : {};
  const postgresVersion = env.POSTGRES_VERSION ?? imageVersion(text(postgres.image), env);
  if (postgresVersion)
    versionFrom.postgres = env.POSTGRES_VERSION
      ? `${TEMPLATE_ENV} POSTGRES_VERSION`
      : `${TEMPLATE_COMPOSE} postgres image`;
  const postgresEnvironment = serviceEnvironment(postgres);
  const fileEnv = await envFilesOf(dir, postgres);
  const resolved = (key: string): string | undefined => {
    const raw = postgresEnvironment[key] ?? fileEnv[key];
    return raw === undefined ? undefined : interpolate(raw, { ...fileEnv, ...env });
  };
  const metadataUser = resolved('POSTGRES_USER');
  const metadataPassword = resolved('POSTGRES_PASSWORD');
  const metadataDatabase = resolved('POSTGRES_DB');

  const schedulerEnvironment = serviceEnvironment(scheduler);
  const executorRaw = schedulerEnvironment.AIRFLOW__CORE__EXECUTOR;
  const executor = executorRaw ? interpolate(executorRaw, env) : env.AIRFLOW__CORE__EXECUTOR;

  const servicesText = await readProjectFile(dir, TEMPLATE_SERVICES);
  const dcsmFile = readYaml(servicesText, TEMPLATE_SERVICES);
  const dcsmServices = isRecord(dcsmFile?.services) ? dcsmFile.services : {};

  // The scheduler's own value as compose resolves it (a literal in compose.yaml wins over .devcontainer/.env), then the rest.
  const fernetCandidates = [
    schedulerEnvironment.AIRFLOW__CORE__FERNET_KEY,
    (await envFilesOf(dir, scheduler)).AIRFLOW__CORE__FERNET_KEY,
    env.AIRFLOW__CORE__FERNET_KEY,
    ...Object.values(dcsmServices).map((service) =>
      isRecord(service) ? serviceEnvironment(service).AIRFLOW__CORE__FERNET_KEY : undefined,
    ),
  ].map((value) => (value ? interpolate(value, env) : undefined));
  const fernetKeys = [
    ...new Set(fernetCandidates.filter((value): value is string => Boolean(value && FERNET_KEY.test(value)))),
  ];
  const fernetKey = fernetKeys[0];

  // The database layer conf/config.yaml composes (the template's is postgres_local).
  const databaseFile = `conf/database/${databaseOption(config) ?? 'postgres_local'}.yaml`;
  const database = readYaml(await readProjectFile(dir, databaseFile), databaseFile);

  const extra = (all: Record<string, unknown>): TemplateService[] =>
    Object.entries(all)
      .filter(([name, definition]) => !(name in TEMPLATE_SERVICE_MAP) && isRecord(definition))
      .map(([name, definition]) => ({ name, definition: definition as Record<string, unknown> }));

  return {
    slug: text(project.slug),
    title: text(project.name),
    description: text(project.description),
    author: text(project.author),
    airflowVersion,
    pythonVersion,
    postgresVersion,
    executor,
    dataDatabase: text(database?.name),
    dataPassword: text(database?.password),
    stackPasswords: await stackPasswordsOf(dir),
    adminPassword: [
      schedulerEnvironment._AIRFLOW_WWW_USER_PASSWORD,
      (await envFilesOf(dir, scheduler))._AIRFLOW_WWW_USER_PASSWORD,
      env._AIRFLOW_WWW_USER_PASSWORD,
    ]
      .map((value) => (value ? interpolate(value, env) : undefined))
      .find(Boolean),
    metadataUser,
    metadataPassword,
    metadataDatabase,
    fernetKey,
    fernetKeys,
    extraComposeServices: extra(services),
    composeTopLevel: Object.fromEntries(
      ['volumes', 'networks', 'configs', 'secrets'].map((section) => [
        section,
        isRecord(compose?.[section]) ? (compose[section] as Record<string, unknown>) : {},
      ]),
    ),
    templateEnv: env,
    ...(dcsmFile
      ? {
          dcsm: {
            namespace: text(dcsmFile.namespace),
            portRange: text(dcsmFile.port_range),
            extraServices: extra(dcsmServices),
          },
        }
      : {}),
    versionFrom,
  };
}

/** The passwords .devcontainer's env files set (postgres.env, airflow.env, .env). */
async function stackPasswordsOf(dir: string): Promise<string[]> {
  const values = new Set<string>();
  for (const file of ['.env', 'postgres.env', 'airflow.env']) {
    const env = parseDotenv((await readProjectFile(dir, `.devcontainer/${file}`)) ?? '');
    for (const [key, value] of Object.entries(env)) if (/PASSWORD$/.test(key) && value) values.add(value);
  }
  return [...values];
}

/** The option of the `database` group in a Hydra defaults list (`- database: postgres_local`). */
function databaseOption(config: Record<string, unknown>): string | undefined {
  const defaults = Array.isArray(config.defaults) ? config.defaults : [];
  for (const entry of defaults) {
    if (!isRecord(entry)) continue;
    for (const [key, value] of Object.entries(entry))
      if (key.split(/\s+/).pop() === 'database' && typeof value === 'string' && /^[\w.-]+$/.test(value))
        return value;
  }
  return undefined;
}

/** A Fernet key: 32 bytes as url-safe base64, with its padding. */
export const FERNET_KEY = /^[A-Za-z0-9_-]{43}=$/;

/** The variables of a service's env_file entries (relative to .devcontainer/). */
async function envFilesOf(dir: string, service: Record<string, unknown>): Promise<Record<string, string>> {
  const files = service.env_file === undefined ? [] : [service.env_file].flat();
  const out: Record<string, string> = {};
  for (const file of files) {
    const path = typeof file === 'string' ? file : isRecord(file) ? text(file.path) : undefined;
    if (!path) continue;
    Object.assign(out, parseDotenv((await readProjectFile(dir, `.devcontainer/${path}`)) ?? ''));
  }
  return out;
}
