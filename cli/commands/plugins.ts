import { checkPluginAnswerKeys } from '../../lib/project/check-answer-keys.js';
import { join } from 'node:path';
import {
  CONFIG_KEY,
  YO_RC,
  readAnswersFile,
  readProjectConfig,
  answersOf,
  type ProjectConfig,
} from '../../lib/config/project-config.js';
import { readProjectFile } from '../../lib/fs/project-paths.js';
import { heldHostPorts, resolveAnswers } from '../../lib/config/resolve-answers.js';
import { checkGeneratorArgs } from '../generator-args.js';
import { cliCommand } from '../../lib/console/cli-command.js';
import { shellWord } from '../../lib/render/escape.js';
import { askOnTerminal, cancelledAtQuestion } from '../../lib/console/ask-on-terminal.js';
import { loadPlugin } from '../../lib/plugins/load-plugins.js';
import { installedPlugins } from '../../lib/plugins/resolve-plugin.js';
import { BUILTIN_PLUGIN_NAMES } from '../../lib/project/catalog.js';
import { findProjectDir, noProjectHere, openProject } from '../../lib/project/open-project.js';
import { planProject, type ProjectPlan } from '../../lib/project/plan-project.js';
import type { Stack } from '../../lib/model/stack.js';
import type { OptionSpec } from '../../lib/plugins/option-spec.js';
import { assertNoConflicts, writePlan } from '../../lib/project/write-plan.js';
import { CliError, EXIT } from '../exit-codes.js';
import { printResult } from '../../lib/console/progress.js';
import { checkAnswerKeys } from '../../lib/project/check-answer-keys.js';
import { confirmOnTerminal } from '../../lib/plugins/confirm.js';
import '../catalog.js';

export interface ChangeOptions {
  answers?: string;
  force?: boolean;
  keepYours?: boolean;
  dryRun?: boolean;
  json?: boolean;
  /** plugins remove: delete the plugin's files you edited too, without asking. */
  yes?: boolean;
}

export function requireProjectDir(): string {
  const dir = findProjectDir(process.cwd());
  if (!dir) throw noProjectHere(process.cwd());
  return dir;
}

/**
 * The whole .yo-rc.json (other generators' keys kept for the rewrite) and its data-eng answers, once
 * readProjectConfig has checked it: a file that is not JSON, an answer set of the wrong shape or a link out
 * of the project is refused (exit 2) before anything is rendered.
 */
export async function readYoRc(
  dir: string,
): Promise<{ raw: Record<string, unknown>; config: ProjectConfig }> {
  const config = await readProjectConfig(dir);
  if (!config) throw noProjectHere(dir);
  checkAnswerKeys(config, join(dir, YO_RC), dir, 'project config');
  const raw = JSON.parse((await readProjectFile(dir, YO_RC)) ?? '{}') as Record<string, unknown>;
  return { raw, config: { ...config } };
}

/**
 * Which of the files a removed part no longer generates, but that you edited, to delete as well: all with --yes;
 * on a terminal, the ones you confirm; none otherwise (they are kept, and the output says how to delete them).
 */
async function editedFilesToDelete(kept: readonly string[], options: ChangeOptions): Promise<string[]> {
  if (kept.length === 0) return [];
  if (options.yes) return [...kept];
  if (options.dryRun) return [];
  if (options.json) return [];
  try {
    const answer = await confirmOnTerminal(
      `You edited ${kept.join(', ')}, which ${kept.length === 1 ? 'is' : 'are'} no longer generated. Delete ${kept.length === 1 ? 'it' : 'them'} too?`,
      new AbortController().signal,
    );
    return answer ? [...kept] : [];
  } catch (error) {
    if ((error as Error).name !== 'AbortError') throw error;
    throw cancelledAtQuestion();
  }
}

/** Re-render the project for a changed config; writes .yo-rc.json last, and only if the files could be written. */
export async function applyConfig(
  dir: string,
  raw: Record<string, unknown>,
  config: ProjectConfig,
  options: ChangeOptions,
) {
  const plan = await planProject(dir, config, { preferTheirs: Boolean(options.force) });
  if (options.force && options.keepYours)
    throw new CliError(
      'Contradicting options: --force and --keep-yours (take the new, or keep yours); pass one of them.',
      EXIT.USAGE,
    );
  assertNoConflicts(plan, Boolean(options.force || options.keepYours));
  const { kept: edited } = plan.reconciliation;
  const deleteEdited = await editedFilesToDelete(edited, options);
  const writes = [...plan.writes, ...deleteEdited.map((path) => ({ path, content: undefined }))];
  const changed = writes.map((write) => ({
    path: write.path,
    action: write.content === undefined ? 'delete' : 'write',
  }));
  if (!options.dryRun) {
    // .yo-rc.json last, atomically, and only once the files are written; every path is checked first.
    const answers = JSON.stringify({ ...raw, [CONFIG_KEY]: config }, null, 2) + '\n';
    await writePlan(dir, [...writes, { path: YO_RC, content: answers }]);
  }
  const kept = edited.filter((path) => !deleteEdited.includes(path));
  return {
    result: { changed, kept, conflicts: plan.reconciliation.conflicts, dryRun: Boolean(options.dryRun) },
    plan,
  };
}

/** The .env variables of a Stack: its secrets and settings, by name. */
const envNames = (stack: Stack): string[] => [...Object.keys(stack.secrets), ...Object.keys(stack.settings)];

/** The plugin just added, as a contributor of the new plan, when it has an afterScaffold hook. */
function afterScaffoldOf(plan: ProjectPlan, name: string): ProjectPlan['contributors'][number] | undefined {
  return plan.contributors.find((c) => c.definition.name === name && c.definition.hooks?.afterScaffold);
}

/**
 * Run the afterScaffold hook of the plugin just added (its next steps, a prerequisite check), as `new` and `add`
 * run it for theirs, before the result is printed: a failing hook exits 5, the files already written.
 */
async function runAddedPluginHook(
  dir: string,
  plan: ProjectPlan,
  added: ProjectPlan['contributors'][number],
  json: boolean,
): Promise<void> {
  const { runHooks } = await import('../../lib/plugins/run-hooks.js');
  const { createLogger, createProgress } = await import('../../lib/console/progress.js');
  await runHooks(
    {
      projectDir: dir,
      stack: plan.stack,
      contributors: [added],
      options: { phase: 'scaffold', json },
      logger: createLogger({ json }),
      progress: await createProgress({ json }),
    },
    ['afterScaffold'],
  );
}

/** The lines that say which edited files were kept, and what to do with them. */
export function keptLines(kept: readonly string[]): string[] {
  return kept.map(
    (path) =>
      `  keep ${path} (you edited it; it is no longer generated: delete it when you no longer need it)`,
  );
}

/** `--flag value`, `--flag=value` and bare `--flag` (true) from the words after the plugin name. */
export function parseFlags(words: readonly string[]): Record<string, string | boolean> {
  const flags: Record<string, string | boolean> = {};
  for (let index = 0; index < words.length; index++) {
    const word = words[index]!;
    if (!word.startsWith('--')) {
      throw new CliError(`Unexpected "${word}": plugin answers are given as --flag value.`, EXIT.USAGE);
    }
    const [key, inline] = word.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (inline !== undefined) flags[key] = inline;
    else if (words[index + 1] !== undefined && !words[index + 1]!.startsWith('--'))
      flags[key] = words[++index]!;
    else flags[key] = true;
  }
  return flags;
}

/** One question as a flag line of --help: `--flag <type>  description (default: …)`. */
function flagLine(spec: OptionSpec): string {
  const value = spec.type === 'boolean' ? '' : ` <${spec.choices ? spec.choices.join('|') : spec.type}>`;
  const fallback = typeof spec.default === 'function' ? 'derived' : JSON.stringify(spec.default);
  return `  --${spec.flag}${value}\n      ${spec.description} (default: ${fallback})`;
}

/**
 * The flags `plugins add` takes for a plugin's questions: the named plugin's (built in, installed, or a path), or
 * without a name every built-in plugin's. A name that does not load says why, instead of the flags.
 */
export async function pluginFlagsHelp(name: string | undefined): Promise<string> {
  const dir = findProjectDir(process.cwd()) ?? process.cwd();
  const names = name === undefined ? [...BUILTIN_PLUGIN_NAMES] : [name];
  const sections: string[] = [];
  for (const each of names) {
    let specs: readonly OptionSpec[];
    try {
      specs = (await loadPlugin(each, dir)).definition.options ?? [];
    } catch (error) {
      // A plugin asked for by name that does not load is the answer: its reason, exit 2.
      if (name !== undefined) throw new CliError((error as Error).message, EXIT.USAGE);
      sections.push(`${each}: ${(error as Error).message}`);
      continue;
    }
    sections.push(
      specs.length === 0
        ? `${each} asks no questions.`
        : [`Flags of ${each}'s questions:`, ...specs.map(flagLine)].join('\n'),
    );
  }
  const intro =
    name === undefined
      ? "Each plugin takes flags for its own questions; `data-eng plugins add <name> --help` lists one plugin's. The built-in plugins:\n\n"
      : '';
  return `${intro}${sections.join('\n\n')}`;
}

/**
 * The plugin's answers from the words after its name, checked as `new` and `add` check theirs
 * (checkGeneratorArgs: a typo or another command's option is refused with the nearest flag); `--no-<flag>` of a
 * yes/no question answers false.
 */
function pluginFlags(
  name: string,
  words: readonly string[],
  specs: readonly OptionSpec[],
  commandOptions: readonly string[],
): Record<string, string | boolean> {
  checkGeneratorArgs(`plugins add ${name}`, specs, commandOptions, words, 0);
  const booleans = new Set(specs.filter((spec) => spec.type === 'boolean').map((spec) => spec.flag));
  return Object.fromEntries(
    Object.entries(parseFlags(words)).map(([flag, value]) =>
      flag.startsWith('no-') && booleans.has(flag.slice(3)) ? [flag.slice(3), false] : [flag, value],
    ),
  );
}

/** Answers as the flags that give them again, for a command to copy. */
function answerFlags(specs: readonly OptionSpec[], answers: Readonly<Record<string, unknown>>): string[] {
  return specs.flatMap((spec) => {
    const value = answers[spec.name];
    if (value === undefined) return [];
    if (spec.type === 'boolean') return [value ? `--${spec.flag}` : `--no-${spec.flag}`];
    return [`--${spec.flag}`, shellWord(Array.isArray(value) ? value.join(',') : String(value))];
  });
}

export interface AddPluginOptions extends ChangeOptions {
  /** Take every unanswered question's default, also at a terminal. */
  defaults?: boolean;
  /** Do not run the plugin's afterScaffold hook. */
  skipInstall?: boolean;
}

export async function addPlugin(
  name: string,
  options: AddPluginOptions,
  words: readonly string[] = [],
  commandOptions: readonly string[] = [],
): Promise<void> {
  const dir = requireProjectDir();
  const { raw, config } = await readYoRc(dir);
  const listed = config.plugins ?? [];
  if (listed.includes(name))
    throw new CliError(`Plugin "${name}" is already enabled; see data-eng plugins ls.`, EXIT.USAGE);
  let plugin: Awaited<ReturnType<typeof loadPlugin>>;
  try {
    plugin = await loadPlugin(name, dir);
  } catch (error) {
    throw new CliError((error as Error).message, EXIT.USAGE);
  }
  const specs = plugin.definition.options ?? [];
  const flags = pluginFlags(name, words, specs, commandOptions);
  const file = options.answers ? await readAnswersFile(options.answers) : {};
  if (options.answers) {
    checkPluginAnswerKeys(
      plugin.definition.name,
      answersOf(file, plugin.definition.name),
      specs,
      options.answers,
    );
  }
  // The parts and plugins already here keep their host ports: the new plugin's may not take one of them.
  const current = await openProject(dir);
  const hostPorts = heldHostPorts(
    current.contributors.map((c) => ({
      owner: c.definition.name,
      specs: c.definition.options ?? [],
      answers: c.answers,
    })),
  );
  // At a terminal the plugin's questions are asked, each answer checked as it is typed; without one, or with
  // --defaults or --json, every question not answered by a flag or the answers file takes its default.
  const interactive = Boolean(process.stdin.isTTY) && !options.defaults && !options.json;
  const answers = await resolveAnswers(
    plugin.definition.name,
    specs,
    {
      flags,
      file: answersOf(file, plugin.definition.name),
      stored: answersOf(config, plugin.definition.name),
    },
    { defaults: !interactive, interactive, dir, hostPorts },
    askOnTerminal(dir),
  );
  const next: ProjectConfig = { ...config, plugins: [...listed, name], [plugin.definition.name]: answers };
  const { result, plan } = await applyConfig(dir, raw, next, options);
  const hook =
    options.dryRun || options.skipInstall ? undefined : afterScaffoldOf(plan, plugin.definition.name);
  if (hook) {
    try {
      await runAddedPluginHook(dir, plan, hook, Boolean(options.json));
    } catch (error) {
      // The files and .yo-rc.json are written: say so, and how to run the hook again once its cause is fixed.
      throw new CliError(
        `${name} is enabled and its files are written, but its afterScaffold hook failed: ${(error as Error).message.replace(/\.$/, '')}. Fix that, then run the hook again with your answers: ${cliCommand()} plugins remove ${name} && ${cliCommand()} plugins add ${[shellWord(name), ...answerFlags(specs, answers)].join(' ')}`,
        EXIT.HOOK_FAILED,
      );
    }
  }
  printResult({ json: Boolean(options.json) }, { plugin: name, version: plugin.version, ...result }, () =>
    [
      `${options.dryRun ? 'Would enable' : 'Enabled'} ${name} ${plugin.version}.`,
      ...result.changed.map((c) => `  ${c.action} ${c.path}`),
      ...keptLines(result.kept),
    ].join('\n'),
  );
}

export async function removePlugin(name: string, options: ChangeOptions): Promise<void> {
  const dir = requireProjectDir();
  const { raw, config } = await readYoRc(dir);
  const listed = config.plugins ?? [];
  if (!listed.includes(name)) {
    throw new CliError(
      `Plugin "${name}" is not enabled here. Enabled: ${listed.join(', ') || 'none'}.`,
      EXIT.USAGE,
    );
  }
  let owner = name;
  try {
    owner = (await loadPlugin(name, dir)).definition.name;
  } catch {
    // An uninstalled plugin can still be removed from the list; its answers are stored under the listed name.
  }
  // An uninstalled plugin cannot be rendered; then nothing of its is known to be in .env.
  const before = await openProject(dir).then(
    (project) => envNames(project.stack),
    () => [] as string[],
  );
  const next: ProjectConfig = { ...config, plugins: listed.filter((entry) => entry !== name) };
  delete next[owner];
  const { result, plan } = await applyConfig(dir, raw, next, options);
  // .env is never rewritten: a secret removed with its plugin would be a new one if the plugin came back, while
  // its data volume still holds the old. The variables stay, and the output names them.
  const after = new Set(envNames(plan.stack));
  const keptEnv = before.filter((variable) => !after.has(variable));
  printResult({ json: Boolean(options.json) }, { plugin: name, ...result, keptEnv }, () =>
    [
      `${options.dryRun ? 'Would disable' : 'Disabled'} ${name}.`,
      ...result.changed.map((c) => `  ${c.action} ${c.path}`),
      ...keptLines(result.kept),
      ...(keptEnv.length > 0
        ? [
            `  keep ${keptEnv.join(', ')} in .env (secrets are never deleted; remove the lines when nothing needs them)`,
          ]
        : []),
    ].join('\n'),
  );
}

export async function listPlugins(options: { json: boolean }): Promise<void> {
  const project = await openProject(process.cwd());
  const enabled: { name: string; version: string; source: string; description: string }[] = [];
  for (const name of project.config.plugins ?? []) {
    const plugin = await loadPlugin(name, project.dir);
    enabled.push({
      name,
      version: plugin.version,
      source: plugin.source,
      description: plugin.definition.description ?? '',
    });
  }
  const listed = new Set(project.config.plugins ?? []);
  const available = [
    ...BUILTIN_PLUGIN_NAMES.map((name) => ({ name, source: 'builtin' })),
    ...installedPlugins(project.dir),
  ].filter((entry) => !listed.has(entry.name));
  printResult(options, { enabled, available }, () => {
    const lines = [
      'Enabled:',
      ...(enabled.length ? enabled.map((p) => `  ${p.name} ${p.version} (${p.source})`) : ['  (none)']),
    ];
    lines.push('Available (not enabled; nothing runs until listed):');
    lines.push(...(available.length ? available.map((p) => `  ${p.name} (${p.source})`) : ['  (none)']));
    return lines.join('\n');
  });
}
