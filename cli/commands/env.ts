import { cliCommand } from '../../lib/console/cli-command.js';
import { printResult } from '../../lib/console/progress.js';
import { formatTable } from '../../lib/plugins/public-api.js';
import { askOnTerminal } from '../../lib/console/ask-on-terminal.js';
import { AnswerError, resolveAnswers } from '../../lib/config/resolve-answers.js';
import type { ProjectConfig } from '../../lib/config/project-config.js';
import { ProjectConfigError } from '../../lib/config/project-config.js';
import { nearest } from '../../lib/config/did-you-mean.js';
import { openProject } from '../../lib/project/open-project.js';
import { renderProject } from '../../lib/project/render-project.js';
import type { Environment } from '../../lib/project/environments.js';
import {
  ENVIRONMENT_OPTIONS,
  declareEnvironment,
  environmentNameProblem,
  environmentsOf,
  localEnvironment,
  removeEnvironment,
  storedAnswers,
  storedEnvironment,
} from '../../lib/project/environments.js';
import { diffEnvironments, ENV_PLACEHOLDER } from '../../lib/project/environment-diff.js';
import { checkGeneratorArgs } from '../generator-args.js';
import { CliError, EXIT } from '../exit-codes.js';
import { applyConfig, keptLines, parseFlags, readYoRc, requireProjectDir } from './plugins.js';
import type { ChangeOptions } from './plugins.js';
import '../catalog.js';

/** The answers an environment sets away from the defaults, as `key=value` words. */
function overrides(environment: Environment): string[] {
  return Object.entries(storedAnswers(environment))
    .filter(([key]) => key !== 'target')
    .map(([key, value]) => `${key}=${String(value)}`);
}

/** The files an environment is deployed from, as the project renders them. */
function deployedFrom(files: ReturnType<typeof renderProject>, environment: Environment): string[] {
  return files.filter((file) => file.environment === environment.name).map((file) => file.path);
}

/** `data-eng env ls [--json]`: every environment, where it runs, what it overrides, the files made for it. */
export async function listEnvironments(options: { json?: boolean }): Promise<void> {
  const project = await openProject(process.cwd());
  const environments = environmentsOf(project.config);
  const local = localEnvironment(environments);
  const files = renderProject(project.stack, project.config, project.contributors);
  const rows = environments.map((environment) => ({
    name: environment.name,
    target: environment.target,
    local: environment === local,
    secrets: environment.target === 'compose' ? '.env' : environment.secretsSource,
    overrides: overrides(environment),
    files: deployedFrom(files, environment),
  }));
  printResult({ json: Boolean(options.json) }, { environments: rows }, () => {
    return [
      formatTable([
        ['NAME', 'TARGET', 'SECRETS', 'OVERRIDES', 'FILES'],
        ...rows.map((row) => [
          row.name,
          row.target,
          row.secrets,
          row.overrides.join(' ') || '-',
          row.files.join(', '),
        ]),
      ]),
      '',
      `${cliCommand()} env diff A B shows what differs between two; ${cliCommand()} add environment NAME adds one.`,
    ].join('\n');
  });
}

/** The environment of that name, or a usage error naming the nearest and every one declared. */
export function environmentNamed(environments: readonly Environment[], name: string): Environment {
  const found = environments.find((environment) => environment.name === name);
  if (found) return found;
  const names = environments.map((environment) => environment.name);
  const suggestion = nearest(name, names);
  throw new CliError(
    `No environment "${name}" in this project${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; it declares ${names.join(', ')} (data-eng env ls).`,
    EXIT.USAGE,
  );
}

const shown = (value: unknown): string => (value === undefined ? '(absent)' : JSON.stringify(value));

/**
 * `data-eng env diff A B [--json]`: what differs between two environments' renderings, key by key: their answers,
 * their configuration layers and their deployments (compose.yaml, or the Helm values with the overlay applied).
 * Files only, so never a secret's value.
 */
export async function diffEnvironmentsCommand(left: string, right: string, options: { json?: boolean }) {
  const project = await openProject(process.cwd());
  const environments = environmentsOf(project.config);
  const a = environmentNamed(environments, left);
  const b = environmentNamed(environments, right);
  const files = renderProject(project.stack, project.config, project.contributors);
  const changes = diffEnvironments(files, a, b).map((change) => ({
    file: change.path[0] === ENV_PLACEHOLDER ? '.yo-rc.json' : change.path[0]!,
    key: change.path.slice(1).join('.'),
    left: change.left ?? null,
    right: change.right ?? null,
  }));
  printResult({ json: Boolean(options.json) }, { left, right, changes }, () =>
    changes.length === 0
      ? `${left} and ${right} render the same.`
      : [
          `What differs from ${left} to ${right}, as the project renders them (your edits to their files are not compared; ${ENV_PLACEHOLDER} is the environment's name):`,
          ...changes.map((change) => {
            const where = change.key ? `${change.file}  ${change.key}` : `${change.file}  (the whole file)`;
            return `  ${where}\n    ${left}: ${shown(change.left ?? undefined)}\n    ${right}: ${shown(change.right ?? undefined)}`;
          }),
        ].join('\n'),
  );
}

export interface AddEnvironmentOptions extends ChangeOptions {
  defaults?: boolean;
}

/**
 * `data-eng add environment NAME [flags]` (also `data-eng env add`): declare an environment, or change one, and
 * re-render every file, merging as every re-render does. A kubernetes target enables orchestrator-kubernetes.
 */
export async function addEnvironment(
  words: readonly string[],
  options: AddEnvironmentOptions,
  commonFlags: readonly string[],
): Promise<void> {
  const { positionals, flags: flagWords } = checkGeneratorArgs(
    'data-eng add environment',
    ENVIRONMENT_OPTIONS,
    commonFlags,
    words,
    1,
  );
  // Under `data-eng add`, the options of env add arrive among the words.
  const given = parseFlags(flagWords);
  const own = { ...options } as AddEnvironmentOptions & Record<string, unknown>;
  for (const flag of ['force', 'keep-yours', 'defaults', 'dry-run', 'json'] as const) {
    if (given[flag] === undefined) continue;
    own[flag.replace(/-(.)/g, (_m, c: string) => c.toUpperCase())] = given[flag] !== 'false';
    delete given[flag];
  }
  for (const flag of ['answers', 'up', 'build', 'askAnswered'])
    if (own[flag] !== undefined && own[flag] !== false)
      throw new CliError(
        `add environment takes its answers as flags (--target, --replicas, ...; data-eng env add --help), not --${flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}.`,
        EXIT.USAGE,
      );
  options = own;
  const name = positionals[0];
  if (!name)
    throw new CliError(
      "missing the environment's name: data-eng add environment NAME [--target kubernetes] (e.g. staging)",
      EXIT.USAGE,
    );
  // Before any question: a name that cannot be is refused first.
  const badName = environmentNameProblem(name);
  if (badName) throw new CliError(badName, EXIT.USAGE);
  const dir = requireProjectDir();
  const { raw, config } = await readYoRc(dir);
  const interactive = Boolean(process.stdin.isTTY) && !options.defaults && !options.json;
  let answers: Record<string, unknown>;
  let next: ProjectConfig;
  let enabled: string[];
  try {
    answers = await resolveAnswers(
      `environments.${name}`,
      ENVIRONMENT_OPTIONS,
      { flags: given, file: {}, stored: storedEnvironment(config, name) },
      { defaults: !interactive, interactive, dir },
      askOnTerminal(dir),
    );
    ({ config: next, enabled } = declareEnvironment(config, name, answers));
  } catch (error) {
    if (error instanceof AnswerError || error instanceof ProjectConfigError)
      throw new CliError(error.message, EXIT.USAGE);
    throw error;
  }
  const { result } = await applyConfig(dir, raw, next, options);
  printResult({ json: Boolean(options.json) }, { environment: name, answers, enabled, ...result }, () =>
    [
      `${options.dryRun ? 'Would declare' : 'Declared'} the ${name} environment (${String(answers.target)}).`,
      ...enabled.map((plugin) => `  enabled ${plugin}, which renders the Helm values`),
      ...result.changed.map((c) => `  ${c.action} ${c.path}`),
      ...keptLines(result.kept),
      `${cliCommand()} env diff ${localEnvironment(environmentsOf(next)).name} ${name} shows what differs.`,
    ].join('\n'),
  );
}

/** `data-eng env rm NAME`: remove an environment and the files made for it (the ones you edited are kept). */
export async function removeEnvironmentCommand(name: string, options: ChangeOptions): Promise<void> {
  const dir = requireProjectDir();
  const { raw, config } = await readYoRc(dir);
  let next: ProjectConfig;
  try {
    next = removeEnvironment(config, name);
  } catch (error) {
    if (error instanceof ProjectConfigError) throw new CliError(error.message, EXIT.USAGE);
    throw error;
  }
  const { result } = await applyConfig(dir, raw, next, options);
  printResult({ json: Boolean(options.json) }, { environment: name, ...result }, () =>
    [
      `${options.dryRun ? 'Would remove' : 'Removed'} the ${name} environment.`,
      ...result.changed.map((c) => `  ${c.action} ${c.path}`),
      ...keptLines(result.kept),
    ].join('\n'),
  );
}
