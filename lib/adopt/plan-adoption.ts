import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { isSeq, parseDocument } from 'yaml';
import type { Ask } from '../config/resolve-answers.js';
import { AnswerError, resolveAnswers } from '../config/resolve-answers.js';
import { validateAnswer } from '../config/validate-answer.js';
import type { ProjectConfig } from '../config/project-config.js';
import { answersOf, CONFIG_KEY, readProjectConfig, YO_RC } from '../config/project-config.js';
import { projectPath, readProjectFile } from '../fs/project-paths.js';
import { keepLineSpelling, mergeFile, YAML_OPTIONS } from '../merge/merge-file.js';
import type { OptionSpec } from '../plugins/option-spec.js';
import { loadContributors } from '../plugins/load-plugins.js';
import { buildStack } from '../project/build-stack.js';
import { catalog, type ComponentName } from '../project/catalog.js';
import { projectOptions, slugify } from '../project/project-options.js';
import { ENV_FILE } from '../project/plan-project.js';
import type { FileWrite } from '../project/reconcile.js';
import { RENDERED_RECORD, renderedRecordText } from '../project/reconcile.js';
import { renderProject, type RenderedFile } from '../project/render-project.js';
import { renderEnv, setEnvValue } from '../render/render-env.js';
import { parseDotenv } from '../config/dotenv.js';
import { generateSecret } from '../secrets/generate-secret.js';
import { DEFAULT_AIRFLOW_VERSION } from '../versions.js';
import { findAirflow2Uses, type Airflow2Use } from './airflow2-usage.js';
import { renderAdoptionMarkdown, type AdoptionReport, type Inference } from './adoption-report.js';
import {
  carryComposeService,
  carryDcsmService,
  referencedVariables,
  topLevelReferences,
  carryTopLevelEntry,
  type CarriedService,
} from './carry-services.js';
import {
  AdoptionBlockedError,
  gitInProject,
  gitignoreFiles,
  ignoredWith,
  isLink,
  isTracked,
  listProjectFiles,
  unignoreLines,
} from './project-files.js';
import {
  OwnSecrets,
  rewriteSecretLiterals,
  secretTargets,
  type KnownLiterals,
  type SecretRewrite,
} from './secret-literals.js';
import {
  readTemplateProject,
  TEMPLATE_COMPOSE,
  TEMPLATE_ENV,
  TEMPLATE_SERVICES,
  type TemplateProject,
} from './template-project.js';

/** Where a file of the team's that the new project replaces is kept, under its own path. */
export const ADOPTED_DIR = '.data-eng/adopted';
/** The adoption's report, written into the project. */
export const ADOPTION_REPORT = 'docs/adoption.md';

/** The template's stack files the new stack replaces: moved aside whole, not merged. */
export const OLD_STACK_FILES: readonly string[] = [
  '.devcontainer/compose.yaml',
  '.devcontainer/compose.yaml.backup',
  '.devcontainer/compose.test-fast.yaml',
  '.devcontainer/.env',
  '.devcontainer/airflow.env',
  '.devcontainer/postgres.env',
  TEMPLATE_SERVICES,
  '.devcontainer/post-start.sh',
  '.devcontainer/bootstrap-dev.sh',
  '.devcontainer/setup-hydra-env.sh',
  '.devcontainer/clean.sh',
  // Runs the Airflow CLI in the old stack's containers; scripts/airflow.sh does it in the new one.
  'scripts/airflow-cli.sh',
  // Exports the old stack's variables (and its default passwords) from the Hydra config.
  'scripts/export_env.sh',
];

/** The parts an adopted project has: the template's stack is PostgreSQL, Airflow and a dev container. */
const ADOPTED_PARTS: readonly ComponentName[] = ['postgres', 'airflow', 'devcontainer'];

/** Files that are the team's settings, not generated: a file of ours at the same path merges into theirs key by key. */
const mergesIntoTheirs = (file: RenderedFile): boolean =>
  file.format !== 'text' && file.path.startsWith('conf/');

export interface AdoptOptions {
  /** --defaults: every question adoption cannot answer from the files takes its default. */
  readonly defaults: boolean;
  /** Ask what cannot be inferred (a terminal, without --defaults). */
  readonly interactive: boolean;
  /** --answers FILE, already read. */
  readonly answers: ProjectConfig;
  readonly ask: Ask;
}

export type AdoptionPlan =
  | { readonly adopted: false; readonly reason: string }
  | {
      readonly adopted: true;
      readonly config: ProjectConfig;
      readonly writes: readonly FileWrite[];
      readonly report: AdoptionReport;
    };

const text = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** The questions of one owner: the project's, a part's, or a built-in plugin's. */
async function questionsOf(dir: string, owner: string): Promise<readonly OptionSpec[]> {
  if (owner === 'project') return projectOptions(dir);
  const parts = catalog().partQuestions as Readonly<Record<string, readonly OptionSpec[]>>;
  if (parts[owner]) return parts[owner];
  const plugins = catalog().plugins as Readonly<
    Record<string, () => Promise<{ default: { options?: readonly OptionSpec[] } }>>
  >;
  return (await plugins[owner]!()).default.options ?? [];
}

/** What the template's files say, as answers, each checked against its question; a value it refuses is dropped and said. */
async function inferAnswers(
  dir: string,
  facts: TemplateProject,
  owners: readonly string[],
): Promise<{ stored: Record<string, Record<string, unknown>>; inferred: Inference[]; changed: string[] }> {
  const candidates: Record<string, Record<string, [unknown, string]>> = {
    project: {
      ...(facts.slug ? { name: [slugify(facts.slug), 'conf/config.yaml project.slug'] } : {}),
      ...(facts.title ? { title: [facts.title, 'conf/config.yaml project.name'] } : {}),
      ...(facts.description
        ? { description: [facts.description, 'conf/config.yaml project.description'] }
        : {}),
      // The team's LICENSE stays theirs: adoption writes none.
      license: ['none', 'LICENSE kept as it is'],
    },
    postgres: {
      ...(facts.postgresVersion
        ? { version: [facts.postgresVersion, facts.versionFrom.postgres ?? '.devcontainer/compose.yaml'] }
        : {}),
      ...(facts.dataDatabase
        ? { analyticsDatabase: [facts.dataDatabase, 'the name of the database conf/config.yaml composes'] }
        : {}),
    },
    airflow: {
      ...(facts.airflowVersion
        ? { version: [facts.airflowVersion, facts.versionFrom.airflow ?? 'Dockerfile.airflow'] }
        : {}),
      ...(facts.pythonVersion ? { pythonVersion: [facts.pythonVersion, 'Dockerfile.airflow'] } : {}),
      ...(facts.executor
        ? { executor: [facts.executor, '.devcontainer/compose.yaml AIRFLOW__CORE__EXECUTOR'] }
        : {}),
    },
    ...(facts.dcsm ? { 'orchestrator-dcsm': { runner: ['none', TEMPLATE_SERVICES] } } : {}),
  };
  const stored: Record<string, Record<string, unknown>> = {};
  const inferred: Inference[] = [];
  const changed: string[] = [];
  for (const owner of owners) {
    const specs = await questionsOf(dir, owner);
    stored[owner] = {};
    for (const [name, [value, from]] of Object.entries(candidates[owner] ?? {})) {
      const spec = specs.find((s) => s.name === name);
      if (!spec) continue;
      const problem = validateAnswer(owner, spec, value, stored[owner]!, { stored: false, dir });
      if (problem === undefined) {
        stored[owner]![name] = value;
        inferred.push({ answer: `${owner}.${name}`, value, from });
      } else if (owner === 'airflow' && name === 'executor' && value === 'SequentialExecutor') {
        changed.push(
          'SequentialExecutor was removed in Airflow 3: the project runs LocalExecutor (one machine, tasks in parallel).',
        );
      } else if (!(owner === 'airflow' && name === 'version')) {
        changed.push(`${from} gives ${owner}.${name} ${text(value)}, which data-eng cannot use: ${problem}`);
      }
    }
  }
  return { stored, inferred, changed };
}

/** A defaults entry's group (`env` for `{env: dev}`, `local` for `{optional local: local}`), or `_self_`. */
const groupOf = (entry: unknown): string =>
  typeof entry === 'string'
    ? entry
    : String(Object.keys(entry as object)[0])
        .split(/\s+/)
        .pop()!;

/**
 * conf/config.yaml merged into the team's Hydra config: their defaults list and values stay as they are; our keys
 * are added unless one is a group of theirs (its package), and our defaults entries are appended unless the layer
 * would overwrite one of their groups or top-level keys (data-eng's `env` layer sets `environment`, which a
 * template project composes from its own conf/environment/ group). Returns the text and what was left out.
 */
function mergeHydraConfig(
  merged: string,
  theirs: string,
  ours: string,
  files: readonly RenderedFile[],
): { text: string; skipped: string[] } {
  const document = parseDocument(merged);
  const their = parseDocument(theirs).toJS() as Record<string, unknown>;
  const rendered = parseDocument(ours).toJS() as { defaults?: unknown[] };
  const defaults = document.get('defaults', true);
  if (!isSeq(defaults) || !Array.isArray(rendered.defaults)) return { text: merged, skipped: [] };
  const groups = new Set((defaults.toJSON() as unknown[]).map(groupOf));
  const skipped: string[] = [];
  for (const key of Object.keys(rendered)) {
    if (groups.has(key) && !(key in their) && document.has(key)) document.delete(key);
  }
  for (const entry of rendered.defaults) {
    const group = groupOf(entry);
    if (groups.has(group)) continue;
    const option = typeof entry === 'string' ? '' : String(Object.values(entry as object)[0]);
    const layer = files.find((f) => f.path === `conf/${group}/${option}.yaml`);
    const layerKeys = layer ? Object.keys((parseDocument(layer.content).toJS() as object | null) ?? {}) : [];
    const clash = layerKeys.filter((key) => groups.has(key) || key in their);
    if (clash.length > 0) {
      skipped.push(
        `conf/config.yaml: data-eng's "${group}" layer is not in your defaults list: it would overwrite your ${clash.map((k) => `"${k}"`).join(', ')}. conf/${group}/ is there to use once you move those settings into it.`,
      );
      continue;
    }
    defaults.add(document.createNode(entry));
  }
  return { text: document.toString(YAML_OPTIONS), skipped };
}

/**
 * Files in use whose moved secret is now a `${NAME}` nothing expands by itself: data files (JSON, TOML, INI) are read
 * as written, and a script sees .env only when it is loaded. One note per file.
 */
function expansionNotes(secrets: readonly SecretRewrite[]): string[] {
  const byFile = new Map<string, SecretRewrite[]>();
  for (const secret of secrets) {
    if (secret.path.startsWith(`${ADOPTED_DIR}/`)) continue;
    if (!/\.(json|toml|ini|cfg|conf|sh|bash)$/i.test(secret.path)) continue;
    byFile.set(secret.path, [...(byFile.get(secret.path) ?? []), secret]);
  }
  return [...byFile].map(([path, moved]) => {
    const names = [...new Set(moved.map((s) => `\${${s.variable}}`))].join(', ');
    return /\.(sh|bash)$/i.test(path)
      ? `${path} now reads ${names} from the environment: load .env first (set -a; . ./.env; set +a) wherever it runs.`
      : `${path} now holds ${names}, which a ${path.split('.').pop()} file does not expand by itself: have what reads it substitute the environment (envsubst, or the program's own settings), or read the secret from the environment in code.`;
  });
}

/** A note when git shows changes not committed yet: adoption keeps them, but a commit first makes its diff readable. */
async function uncommittedNote(dir: string): Promise<string[]> {
  if (!existsSync(join(dir, '.git'))) return [];
  const stdout = await gitInProject(dir, ['status', '--porcelain']);
  const count = (stdout ?? '').split('\n').filter(Boolean).length;
  return count === 0
    ? []
    : [
        `${count} file(s) had changes not committed before adoption; they were kept as they were (or moved as listed), but git now shows them mixed with adoption's changes.`,
      ];
}

/** What the template's stack used that the new one does not read from the same place. */
async function leftBehind(
  dir: string,
  teamFiles: readonly string[],
  packageName: string,
  newRequirements: string,
  replaced: readonly { path: string; movedTo: string }[],
): Promise<string[]> {
  const notes: string[] = [];
  if (teamFiles.some((p) => p.startsWith('airflow/plugins/') && !p.endsWith('.gitkeep')))
    notes.push('airflow/plugins/ is not mounted by the new stack: move your Airflow plugins into plugins/.');
  const name = (line: string) =>
    line
      .trim()
      .split(/[<>=!~;[\s]/)[0]!
      .toLowerCase();
  const missingFrom = (requirements: string) =>
    requirements
      .split('\n')
      .filter((line) => line.trim() !== '' && !/^\s*(#|-)/.test(line))
      .filter((line) => !newRequirements.split('\n').some((o) => name(o) === name(line)))
      .map((line) => line.trim());
  // Their requirements the new image does not install: the old stack's file, and a root file the new one replaced.
  const old = await readProjectFile(dir, 'airflow/requirements.txt');
  const oldMissing = missingFrom(old ?? '');
  if (oldMissing.length > 0)
    notes.push(
      `airflow/requirements.txt is not installed by the new image: add what you still need to requirements.txt (${oldMissing.join(', ')}), then data-eng build.`,
    );
  const root = replaced.find((r) => r.path === 'requirements.txt');
  const rootMissing = root ? missingFrom((await readProjectFile(dir, 'requirements.txt')) ?? '') : [];
  if (root && rootMissing.length > 0)
    notes.push(
      `requirements.txt was replaced (yours is ${root.movedTo}): copy the dependencies you still need into it (${rootMissing.join(', ')}), then data-eng build.`,
    );
  if (teamFiles.some((p) => p.startsWith('transforms/') && p.endsWith('.py')))
    notes.push(
      `transforms/ is not on the Airflow image's PYTHONPATH (src/ is): move it into src/${packageName}/, or import it from there.`,
    );
  return notes;
}

/** Rendered files that test data-eng's own conf/ layout: not written when the team's Hydra layout is kept. */
const CONF_LAYOUT_TESTS: readonly string[] = ['tests/test_settings.py'];

async function modeOf(dir: string, path: string): Promise<number | undefined> {
  try {
    return (await stat(projectPath(dir, path))).mode & 0o777;
  } catch {
    return undefined;
  }
}

/**
 * Plan the adoption of a project made from data-eng-template: its answers (inferred, then asked or defaulted),
 * every write, and the report. Nothing is written here. A folder that already holds a data-eng project has
 * nothing to adopt: `{ adopted: false }`, so a second adoption changes nothing.
 */
export async function planAdoption(dir: string, options: AdoptOptions): Promise<AdoptionPlan> {
  if ((await readProjectConfig(dir)) !== undefined) {
    const when = (await readProjectFile(dir, ADOPTION_REPORT)) ? ` (adopted: see ${ADOPTION_REPORT})` : '';
    return { adopted: false, reason: `${dir} is already a data-eng project${when}; nothing to adopt.` };
  }
  const facts = await readTemplateProject(dir);
  const plugins = ['orchestrator-compose', 'build-cache', ...(facts.dcsm ? ['orchestrator-dcsm'] : [])];
  const owners = ['project', ...ADOPTED_PARTS, ...plugins];
  const { stored, inferred, changed } = await inferAnswers(dir, facts, owners);

  const config: Record<string, unknown> = { plugins };
  for (const owner of owners) {
    const specs = await questionsOf(dir, owner);
    try {
      config[owner] = await resolveAnswers(
        owner,
        specs,
        { flags: {}, file: answersOf(options.answers, owner), stored: stored[owner] ?? {} },
        { defaults: options.defaults, interactive: options.interactive, dir },
        options.ask,
      );
    } catch (error) {
      // adopt takes no per-question flags: say what it does take.
      const missing = error instanceof AnswerError && /^Missing answer ([\w-]+)\.(\w+)/.exec(error.message);
      if (!missing && error instanceof AnswerError)
        throw new AnswerError(error.message.replace(/ \(--[\w-]+\)/, ' (in the answers file)'));
      if (!missing) throw error;
      const spec = specs.find((s) => s.name === missing[2]);
      throw new AnswerError(
        `Missing answer ${missing[1]}.${missing[2]} (${spec?.description ?? missing[2]}): the project's files do not give it and there is no terminal to ask. Run data-eng adopt at a terminal, or with --defaults, or with --answers FILE holding {"${missing[1]}": {"${missing[2]}": ...}}.`,
      );
    }
  }
  const projectConfig = config as ProjectConfig;
  const airflowVersion = String(answersOf(projectConfig, 'airflow').version ?? DEFAULT_AIRFLOW_VERSION);

  const contributors = await loadContributors(dir, projectConfig);
  const stack = buildStack(projectConfig, contributors);
  const files = renderProject(stack, projectConfig, contributors);
  const targets = secretTargets(stack);
  const analytics = answersOf(projectConfig, 'postgres');
  const known: KnownLiterals = {
    fernet: facts.fernetKeys,
    admin: facts.adminPassword,
    metadata: facts.metadataPassword,
    data: facts.dataPassword,
    stack: facts.stackPasswords,
    postgresHosts: [
      'postgres',
      'localhost',
      '127.0.0.1',
      ...(facts.dcsm?.namespace ? [`${facts.dcsm.namespace}_postgres`] : []),
    ],
  };
  const own = new OwnSecrets();
  /** Files that stay in use get the new stack's roles in their database URLs; kept copies only lose their secrets. */
  const rewrite = (path: string, text: string, inUse: boolean) =>
    rewriteSecretLiterals(path, text, targets, known, { rewriteUsers: inUse, own });

  const teamFiles = await listProjectFiles(dir);
  if (teamFiles.includes(ENV_FILE) && (await isTracked(dir, ENV_FILE))) {
    throw new AdoptionBlockedError(
      `${ENV_FILE} is tracked by git, and adoption writes the project's secrets into it; stop tracking it (git rm --cached ${ENV_FILE}, then commit), then run data-eng adopt again.`,
    );
  }
  const writes: FileWrite[] = [];
  const created: string[] = [];
  const merged: { path: string; keptYours: string[] }[] = [];
  const replaced: { path: string; movedTo: string }[] = [];
  const moved: { path: string; movedTo: string }[] = [];
  const secrets: SecretRewrite[] = [];
  const touched = new Set<string>([ENV_FILE]);
  const notes: string[] = [];
  // The team's own conf/ layout is kept, so the tests of data-eng's layout do not apply to it.
  const skippedFiles =
    teamFiles.includes('conf/config.yaml') && files.some((f) => f.path === 'conf/config.yaml')
      ? CONF_LAYOUT_TESTS.filter((path) => !teamFiles.includes(path))
      : [];
  const movedPaths = new Set(
    [...OLD_STACK_FILES, ...files.map((f) => f.path)].filter((path) => teamFiles.includes(path)),
  );

  /** A file of the team's kept under .data-eng/adopted/, its secret literals replaced by references. */
  const moveAside = async (path: string, list: { path: string; movedTo: string }[]): Promise<void> => {
    const content = (await readProjectFile(dir, path)) ?? '';
    const movedTo = `${ADOPTED_DIR}/${path}`;
    const before = { unmovable: own.unmovable.length, unreadable: own.unreadable.length };
    const redacted = rewrite(path, content, false);
    // What was left in the copy is reported where the copy is.
    for (const u of own.unmovable.splice(before.unmovable)) own.unmovable.push({ ...u, path: movedTo });
    if (own.unreadable.splice(before.unreadable).length > 0) own.unreadable.push(movedTo);
    secrets.push(...redacted.rewrites.map((r) => ({ ...r, path: movedTo })));
    const mode = await modeOf(dir, path);
    writes.push({ path: movedTo, content: redacted.text, ...(mode ? { mode } : {}) });
    writes.push({ path, content: undefined });
    list.push({ path, movedTo });
    touched.add(path);
  };

  const ownServices = new Set(Object.keys(stack.services));
  const carried: CarriedService[] = [];
  const notCarried: string[] = [];
  /** Variables the team's services read that only the template's .devcontainer/.env set. */
  const carriedVariables = new Map<string, string>();
  for (const file of files) {
    if (skippedFiles.includes(file.path)) continue;
    let content = file.content;
    if (file.path === 'compose.yaml' && facts.extraComposeServices.length > 0) {
      const document = parseDocument(content);
      for (const service of facts.extraComposeServices) {
        if (ownServices.has(service.name)) {
          notCarried.push(
            `Your compose service "${service.name}" has the name of one of data-eng's: the new stack's is kept, yours is in ${ADOPTED_DIR}/${TEMPLATE_COMPOSE}; rename it and add it back to compose.yaml.`,
          );
          continue;
        }
        const carry = carryComposeService(service, ownServices, (path) =>
          movedPaths.has(path) ? `${ADOPTED_DIR}/${path}` : undefined,
        );
        const safe = rewrite('compose.yaml', JSON.stringify(carry.definition), true);
        secrets.push(...safe.rewrites.map((r) => ({ ...r, line: 0 })));
        const definition = JSON.parse(safe.text) as Record<string, unknown>;
        document.setIn(['services', service.name], document.createNode(definition));
        for (const [section, names] of Object.entries(topLevelReferences(definition)) as [
          string,
          string[],
        ][]) {
          for (const name of names) {
            if (!document.hasIn([section, name]))
              document.setIn(
                [section, name],
                document.createNode(
                  carryTopLevelEntry(facts.composeTopLevel[section]?.[name] ?? null, (path) =>
                    movedPaths.has(path) ? `${ADOPTED_DIR}/${path}` : undefined,
                  ),
                ),
              );
          }
        }
        for (const name of referencedVariables(safe.text)) {
          const value = facts.templateEnv[name];
          if (value !== undefined && !(name in stack.secrets) && !(name in stack.settings))
            carriedVariables.set(name, value);
        }
        carried.push(carry);
      }
      content = document.toString(YAML_OPTIONS);
    }
    if (file.path === 'services.yaml' && facts.dcsm) {
      const document = parseDocument(content);
      if (facts.dcsm.namespace) document.set('namespace', facts.dcsm.namespace);
      if (facts.dcsm.portRange) document.set('port_range', facts.dcsm.portRange);
      for (const service of facts.dcsm.extraServices) {
        if (ownServices.has(service.name)) {
          notCarried.push(
            `Your DCSM service "${service.name}" has the name of one of data-eng's: the new stack's is kept, yours is in ${ADOPTED_DIR}/${TEMPLATE_SERVICES}.`,
          );
          continue;
        }
        const carry = carryDcsmService(service, ownServices);
        const safe = rewrite('services.yaml', JSON.stringify(carry.definition), true);
        secrets.push(...safe.rewrites.map((r) => ({ ...r, line: 0 })));
        document.setIn(['services', service.name], document.createNode(JSON.parse(safe.text)));
        carried.push(carry);
      }
      content = document.toString(YAML_OPTIONS);
    }
    const theirs = teamFiles.includes(file.path) ? await readProjectFile(dir, file.path) : undefined;
    if (theirs === undefined || theirs === content) {
      if (theirs === undefined) created.push(file.path);
      writes.push({ path: file.path, content, ...(file.mode ? { mode: file.mode } : {}) });
      continue;
    }
    touched.add(file.path);
    const lines = basename(file.path) === '.gitignore' || basename(file.path) === '.dockerignore';
    if (lines || mergesIntoTheirs(file)) {
      const result = mergeFile({
        path: file.path,
        format: file.format,
        base: undefined,
        ours: theirs,
        theirs: content,
        preferTheirs: false,
      });
      let mergedText = result.content ?? theirs;
      if (file.path === 'conf/config.yaml') {
        const hydra = mergeHydraConfig(mergedText, theirs, content, files);
        mergedText = keepLineSpelling(hydra.text, theirs);
        notes.push(...hydra.skipped);
      }
      const safe = rewrite(file.path, mergedText, true);
      secrets.push(...safe.rewrites);
      writes.push({ path: file.path, content: safe.text, ...(file.mode ? { mode: file.mode } : {}) });
      merged.push({ path: file.path, keptYours: result.conflicts.map((c) => c.where) });
      continue;
    }
    await moveAside(file.path, replaced);
    writes.pop(); // the deletion: the new file takes the path
    writes.push({ path: file.path, content, ...(file.mode ? { mode: file.mode } : {}) });
  }

  for (const path of OLD_STACK_FILES) {
    if (touched.has(path) || !teamFiles.includes(path)) continue;
    await moveAside(path, moved);
  }
  // The template's .devcontainer/.env is git-ignored, so not among the files git lists: it holds the stack's secrets.
  if (!touched.has(TEMPLATE_ENV) && (await readProjectFile(dir, TEMPLATE_ENV)) !== undefined) {
    await moveAside(TEMPLATE_ENV, moved);
  }

  // Literal secrets in the files that stay where they are. A link is not the project's own file: left alone.
  for (const path of teamFiles) {
    if (touched.has(path) || (await isLink(dir, path))) continue;
    const content = await readProjectFile(dir, path);
    if (content === undefined) continue;
    const safe = rewrite(path, content, true);
    if (safe.rewrites.length === 0) continue;
    secrets.push(...safe.rewrites);
    const mode = await modeOf(dir, path);
    writes.push({ path, content: safe.text, ...(mode ? { mode } : {}) });
    touched.add(path);
  }

  // .env: the Fernet key the stored connections need is kept; so is the database owner's password when the new
  // stack's owner is the same role (pointed at the old database volume, it opens with it). The rest is new.
  const keepsOwnerPassword =
    facts.metadataPassword !== undefined &&
    facts.metadataUser === targets.roles.metadata &&
    facts.metadataDatabase === targets.metadataDatabase;
  const keep: Record<string, string | undefined> = {
    [targets.variables.fernet]: facts.fernetKey,
    ...(keepsOwnerPassword ? { [targets.variables.metadata]: facts.metadataPassword } : {}),
  };
  const existingEnv = await readProjectFile(dir, ENV_FILE);
  let env = renderEnv(stack, existingEnv, (secret) => keep[secret.name] ?? generateSecret(secret.kind));
  // The team's own secrets, each under the variable its reference names, with the value the file held; and the
  // variables their carried services read.
  const extra = new Map([...own.values, ...carriedVariables]);
  const missing = [...extra.keys()].filter((name) => parseDotenv(env)[name] === undefined);
  if (missing.length > 0) {
    env = `${env.replace(/\n*$/, '\n')}\n# Kept by data-eng adopt: values your files held (see ${ADOPTION_REPORT})\n`;
    for (const name of missing) env = setEnvValue(env, name, String(extra.get(name)));
  }
  writes.push({ path: ENV_FILE, content: env, mode: 0o600 });
  const rotate = [
    ...(keepsOwnerPassword
      ? [
          {
            variable: targets.variables.metadata,
            why: `kept from the template's stack: the password of its database owner "${facts.metadataUser}", so the new stack opens the old database when pointed at its volume`,
            command: `data-eng secrets rotate ${targets.variables.metadata}`,
          },
        ]
      : []),
    ...(facts.fernetKey
      ? [
          {
            variable: targets.variables.fernet,
            why: 'kept from the template: it decrypts the connections and variables already stored',
            command: `data-eng secrets rotate ${targets.variables.fernet}`,
            then: `docker compose run --rm airflow-cli airflow rotate-fernet-key, then data-eng secrets rotate ${targets.variables.fernet} --finish`,
          },
        ]
      : []),
  ];
  if (facts.metadataPassword !== undefined && !keepsOwnerPassword) {
    notes.push(
      `The old stack's database owner was "${facts.metadataUser ?? 'unknown'}" on the database "${facts.metadataDatabase ?? 'unknown'}"; the new stack's is "${targets.roles.metadata}" on "${targets.metadataDatabase}", so its password was not kept (${targets.variables.metadata} is new). To use the old database, create that role in it first.`,
    );
  }

  const uses: Airflow2Use[] = [];
  const fromVersion = facts.airflowVersion;
  const upgrading = fromVersion !== undefined && Number(fromVersion.split('.')[0]) < 3;
  if (upgrading) {
    // The code Airflow imports: DAGs, plugins, and the packages they use.
    const code = /^(dags|plugins|airflow\/plugins|src|transforms|include)\//;
    for (const path of teamFiles.filter((p) => code.test(p) && p.endsWith('.py'))) {
      uses.push(...findAirflow2Uses(path, (await readProjectFile(dir, path)) ?? ''));
    }
  }
  const byHand = [
    ...(await uncommittedNote(dir)),
    ...notes,
    ...notCarried,
    ...[...new Map(own.unmovable.map((u) => [`${u.path}:${u.line}`, u])).values()].map((u) =>
      u.why === 'image' && u.path.startsWith(`${ADOPTED_DIR}/`)
        ? `${u.path}:${u.line} (kept, no longer built) set the secret ${u.key} in the old image, whose layers still hold it: rotate it, and when you carry that step into the new Dockerfile, read it at run time from .env instead.`
        : u.why === 'image'
          ? `${u.path}:${u.line} bakes the secret ${u.key} into the image, where every layer and docker inspect show it: set it at run time from .env (the service's environment in compose.yaml), or pass it as a build secret, then remove it there.`
          : u.why === 'sql'
            ? `${u.path}:${u.line} gives ${u.key} a literal password: pass it in from .env (psql -v pw="$VAR", then PASSWORD :'pw'), then remove it there.`
            : `${u.path}:${u.line} still holds the secret under "${u.key}": its value has a quote or a line break, which .env cannot hold; move it out by hand.`,
    ),
    ...own
      .shared()
      .map(
        ({ variable, where }) =>
          `${variable} in .env holds one value found in ${where.join(' and ')}: if they are different credentials that happen to match, give one its own variable in .env and point its file at it.`,
      ),
    ...[...new Set(own.unreadable)].map(
      (path) =>
        `${path} is not valid YAML, so it was not searched for secrets: fix it, then check it by hand.`,
    ),
    ...(await leftBehind(
      dir,
      teamFiles,
      stack.project.packageName,
      writes.find((w) => w.path === 'requirements.txt')?.content ??
        (await readProjectFile(dir, 'requirements.txt')) ??
        '',
      replaced,
    )),
    ...secrets
      .filter((s) => s.path.endsWith('.py'))
      .map(
        (s) =>
          `${s.path}:${s.line} held a literal secret in code; it now spells \${${s.variable}}, which Python does not expand: read it from the environment, or use the Airflow connection airflow_settings.yaml registers (analytics_db) instead.`,
      ),
    ...expansionNotes(secrets),
    ...(upgrading
      ? [
          `The project ran Airflow ${fromVersion}; it now runs Airflow ${airflowVersion}. Update the DAG code listed under "Airflow 2 code" and check the rest with: ruff check --preview --select AIR dags/`,
          `Airflow ${airflowVersion} cannot read an Airflow ${fromVersion} metadata database as it is: back it up, then run airflow db migrate against it (docker compose run --rm airflow-cli airflow db migrate) before pointing the new stack at it.`,
        ]
      : []),
    "The new stack keeps its data in its own volumes; the old stack's database is not reused. To carry data over: pg_dump it from the old stack, then restore it with scripts/psql.sh.",
    ...(facts.fernetKey
      ? [
          `Connections and variables encrypted with the old Fernet key decrypt with it as long as ${targets.variables.fernet} holds it; rotate it as listed under "To rotate" to re-encrypt them with a new one.`,
        ]
      : []),
    ...(replaced.some((r) => r.path === 'pyproject.toml')
      ? [`Copy your dependencies and tool settings from ${ADOPTED_DIR}/pyproject.toml into pyproject.toml.`]
      : []),
    ...(replaced.some((r) => r.path === 'Makefile')
      ? [`Copy the Makefile targets you still use from ${ADOPTED_DIR}/Makefile into Makefile.`]
      : []),
    `The secrets the old files held are still in this repository's git history: rotate them (see "To rotate"), and treat the template's default admin login as known.`,
    ...(secrets.some((s) => s.path.startsWith('conf/'))
      ? [
          'conf/ now reads its passwords from the environment (${oc.env:NAME,}, empty when unset): where your code loads the settings outside the stack, load .env first (set -a; . ./.env; set +a).',
        ]
      : []),
    `The new analytics role is "${String(analytics.analyticsUser)}" on the database "${String(analytics.analyticsDatabase)}"; its password is ${targets.variables.data} in .env.`,
  ];

  const report: AdoptionReport = {
    project: String(answersOf(projectConfig, 'project').name),
    inferred,
    changedAnswers: [
      ...changed,
      ...(upgrading
        ? [`Airflow ${fromVersion} → ${airflowVersion}: data-eng makes Airflow 3 projects only.`]
        : []),
    ],
    created,
    notWritten: skippedFiles.map((path) => ({
      path,
      why: "it tests data-eng's conf/ layout (_self_ first, an env layer); your Hydra layout is kept instead",
    })),
    merged,
    replaced,
    moved,
    // Where each literal was and which variable holds it now; never the value.
    secrets: secrets.map(({ value: _value, ...rewrite }) => rewrite),
    // Names, where from and what changed; never a definition, which may hold a secret's value.
    carried: carried.map(({ definition: _definition, ...service }) => service),
    rotate,
    ...(upgrading ? { airflowUpgrade: { from: fromVersion, to: airflowVersion, uses } } : {}),
    byHand,
    untouched: teamFiles.filter((path) => !touched.has(path)).length,
  };

  writes.push({ path: RENDERED_RECORD, content: renderedRecordText(files) });
  const existingYoRc = await readProjectFile(dir, YO_RC);
  const raw = existingYoRc ? (JSON.parse(existingYoRc) as Record<string, unknown>) : {};
  writes.push({
    path: YO_RC,
    content: JSON.stringify({ ...raw, [CONFIG_KEY]: projectConfig }, null, 2) + '\n',
  });
  // The report is written last: it lists what un-ignoring changed (a subfolder's .gitignore, a path left hidden).
  await unignoreOurFiles(dir, writes, [ADOPTION_REPORT], teamFiles, moved, merged, byHand);
  writes.push({ path: ADOPTION_REPORT, content: renderAdoptionMarkdown(report) });
  return { adopted: true, config: projectConfig, writes, report };
}

/**
 * The files adoption writes that the team's .gitignore would hide from git (its `env/` line hides `conf/env/`, a
 * `*.json` hides .yo-rc.json): un-ignored at the end of the .gitignore that hides each (the root's, or a subfolder's),
 * each with only its own line, and checked again until none is hidden. `alsoWritten` names files written after this
 * (the report). .env stays ignored, and so does the copy of a file git ignored before (the template's
 * .devcontainer/.env).
 */
async function unignoreOurFiles(
  dir: string,
  writes: FileWrite[],
  alsoWritten: readonly string[],
  teamFiles: readonly string[],
  moved: readonly { path: string; movedTo: string }[],
  merged: { path: string; keptYours: string[] }[],
  byHand: string[],
): Promise<void> {
  const listed = new Set(teamFiles);
  const ignoredBefore = new Set(moved.filter((m) => !listed.has(m.path)).map((m) => m.movedTo));
  const ours = [
    ...new Set(
      writes
        .filter((w) => w.content !== undefined && w.path !== ENV_FILE)
        .map((w) => w.path)
        .concat(alsoWritten)
        .filter((path) => !listed.has(path) && !ignoredBefore.has(path)),
    ),
  ];
  // Every .gitignore as it will be: the planned text where adoption writes one, else the team's.
  const ignoreFiles = new Map<string, string>();
  for (const file of new Set(['.gitignore', ...(await gitignoreFiles(dir))])) {
    const planned = writes.find((w) => w.path === file);
    const text = planned ? planned.content : await readProjectFile(dir, file);
    if (text !== undefined && !(await isLink(dir, file))) ignoreFiles.set(file, text);
  }
  const changed = new Set<string>();
  // Lines added to one file can leave a path hidden by another (a folder opened, a pattern of a subfolder's
  // .gitignore under it): checked again with the lines in place, until nothing is hidden.
  let hidden = await ignoredWith(dir, ours, ignoreFiles);
  for (let round = 0; round < 4 && hidden.files.length + hidden.dirs.length > 0; round++) {
    // A .gitignore in a subfolder outranks the root's for what is under it: the lines go in the file that hides
    // each path. Any other source (.git/info/exclude, the user's global excludes) is outranked by the root's.
    const byFile = new Map<string, { files: string[]; dirs: string[] }>();
    const add = (path: string, kind: 'files' | 'dirs'): void => {
      const source = hidden.from.get(path) ?? '';
      const nested = /^(?!\/)(?!\.git\/)(.+\/)\.gitignore$/.exec(source);
      const file = nested && path.startsWith(nested[1]!) && ignoreFiles.has(source) ? source : '.gitignore';
      const entry = byFile.get(file) ?? { files: [], dirs: [] };
      entry[kind].push(path);
      byFile.set(file, entry);
    };
    for (const folder of hidden.dirs) add(folder, 'dirs');
    for (const file of hidden.files) add(file, 'files');
    for (const [file, paths] of byFile) {
      const base = file.slice(0, -'.gitignore'.length);
      const current = ignoreFiles.get(file) ?? '';
      const heading = changed.has(file)
        ? ''
        : "\n# Files of data-eng's the lines above would hide from git\n";
      ignoreFiles.set(
        file,
        `${current.replace(/\n*$/, '\n')}${heading}${unignoreLines(paths, base).join('\n')}\n`,
      );
      changed.add(file);
    }
    hidden = await ignoredWith(dir, ours, ignoreFiles);
  }
  for (const path of hidden.files)
    byHand.push(
      `${path} is still hidden from git by ${hidden.from.get(path) ?? 'an ignore rule'}: add it with git add -f ${path}.`,
    );
  for (const file of changed) {
    const at = writes.findIndex((w) => w.path === file);
    const content = ignoreFiles.get(file)!;
    if (at >= 0) writes[at] = { ...writes[at]!, content };
    else {
      const mode = await modeOf(dir, file);
      writes.push({ path: file, content, ...(mode ? { mode } : {}) });
      merged.push({ path: file, keptYours: [] });
    }
  }
}

export { AnswerError };
