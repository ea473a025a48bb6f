import type { ProjectConfig } from '../config/project-config.js';
import { ProjectConfigError } from '../config/project-config.js';
import { AnswerError } from '../config/resolve-answers.js';
import { BUILTIN_PLUGIN_NAMES, catalog, isBuiltinPlugin } from './catalog.js';
import { PLUGIN_PACKAGE_PATTERN } from '../plugins/resolve-plugin.js';
import { nearest } from '../config/did-you-mean.js';
import { projectOptions } from './project-options.js';
import type { OptionSpec } from '../plugins/option-spec.js';
import { ENVIRONMENTS_KEY, environmentProblems } from './environments.js';

const isPluginPath = (key: string): boolean =>
  key.startsWith('./') || key.startsWith('../') || key.startsWith('/');

/**
 * Refuse keys an answers file, or the project's .yo-rc.json, has that no question reads: an owner that is neither
 * the project, a part nor a plugin, or an answer a part does not ask. A typo would otherwise be dropped, or kept,
 * without a word. (A plugin's own answers are checked by its option table when it is enabled.) In an answers
 * file that is an AnswerError; in .yo-rc.json a ProjectConfigError: both exit 2.
 */
export function checkAnswerKeys(
  config: ProjectConfig,
  file: string,
  destination: string,
  kind: 'answers file' | 'project config' = 'answers file',
): void {
  const where = kind === 'answers file' ? `the answers file "${file}"` : file;
  const refuse = (message: string): Error =>
    kind === 'answers file'
      ? new AnswerError(message)
      : new ProjectConfigError(`${message} Correct or remove it; nothing was changed.`);
  const { appQuestions, partQuestions } = catalog();
  const owners: Record<string, readonly Pick<OptionSpec, 'name'>[]> = {
    project: projectOptions(destination),
    app: appQuestions,
    ...partQuestions,
  };
  // A plugin loaded from a path stores its answers under the name its definition gives, known only once loaded.
  const pathPlugin = (config.plugins ?? []).some((name) => isPluginPath(String(name)));
  for (const [owner, answers] of Object.entries(config)) {
    if (owner === 'plugins' || isBuiltinPlugin(owner)) continue;
    if (owner === ENVIRONMENTS_KEY) {
      for (const [name, environment] of Object.entries(answers as Record<string, unknown>)) {
        const problem =
          typeof environment === 'object' && environment !== null && !Array.isArray(environment)
            ? environmentProblems(name, environment as Record<string, unknown>)[0]
            : `environments.${name} must be an object of answers, e.g. {"target": "kubernetes"}.`;
        if (problem) throw refuse(`${problem.replace(/\.$/, '')} (in ${where}).`);
      }
      continue;
    }
    if (PLUGIN_PACKAGE_PATTERN.test(owner) || isPluginPath(owner)) continue;
    const specs = owners[owner];
    if (!specs && pathPlugin) continue;
    if (!specs) {
      const suggestion = nearest(owner, [...Object.keys(owners), 'plugins', ...BUILTIN_PLUGIN_NAMES]);
      throw refuse(
        `Unknown key "${owner}" in ${where}${suggestion ? `; did you mean "${suggestion}"?` : `; use project, plugins, a part (${Object.keys(partQuestions).join(', ')}) or a plugin's name.`}`,
      );
    }
    const unknown = unknownAnswerKey(owner, answers as Record<string, unknown>, specs, where);
    if (unknown) throw refuse(unknown);
  }
}

/** The first key of an owner's answers its option table does not have, as one sentence; undefined if none. */
function unknownAnswerKey(
  owner: string,
  answers: Readonly<Record<string, unknown>>,
  specs: readonly Pick<OptionSpec, 'name'>[],
  where: string,
): string | undefined {
  const names = specs.map((spec) => spec.name);
  const key = Object.keys(answers).find((name) => !names.includes(name));
  if (key === undefined) return undefined;
  const suggestion = nearest(key, names);
  return `Unknown answer "${owner}.${key}" in ${where}${suggestion ? `; did you mean "${owner}.${suggestion}"?` : names.length > 0 ? `; ${owner} takes: ${names.join(', ')} (docs/answers.md).` : `; ${owner} has no questions.`}`;
}

/** A plugin's block in an answers file, checked once the plugin is loaded and its questions are known. */
export function checkPluginAnswerKeys(
  owner: string,
  answers: Readonly<Record<string, unknown>>,
  specs: readonly Pick<OptionSpec, 'name'>[],
  file: string,
): void {
  const unknown = unknownAnswerKey(owner, answers, specs, `the answers file "${file}"`);
  if (unknown) throw new AnswerError(unknown);
}
