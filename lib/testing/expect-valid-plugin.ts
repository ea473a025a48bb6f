import { isDeepStrictEqual } from 'node:util';
import { resolveAnswers } from '../config/resolve-answers.js';
import { COMMON_OPTIONS } from '../generator/common-options.js';
import type { PluginDefinition } from '../plugins/public-api.js';
import { HOOK_ORDER, PLUGIN_API_VERSION } from '../plugins/public-api.js';
import { PLUGIN_PACKAGE_PATTERN } from '../plugins/resolve-plugin.js';
import { catalog, componentLoaders } from '../project/catalog.js';
import { projectOptions } from '../project/project-options.js';
import { renderPlugin } from './render-plugin.js';

export interface ExpectValidPluginOptions {
  /** Accept a name that is not data-eng-plugin-* (a plugin kept in a project folder and listed by path). */
  readonly allowAnyName?: boolean;
  /** Plugins this one requires, enabled before it when rendering. */
  readonly plugins?: readonly PluginDefinition[];
}

/** The plugin is not fit to publish; the message lists every problem found, one per line. */
export class InvalidPluginError extends Error {
  override readonly name = 'InvalidPluginError';
  constructor(
    readonly plugin: string,
    readonly problems: readonly string[],
  ) {
    super(`Plugin "${plugin}" is not valid:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

const CAMEL = /^[a-z][A-Za-z0-9]*$/;
const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Flags the generator already takes: its own, the project's, and every built-in component's. */
async function takenFlags(): Promise<Map<string, string>> {
  const taken = new Map<string, string>();
  for (const option of COMMON_OPTIONS) taken.set(option.flag, 'generator-data-eng');
  for (const option of [...projectOptions('.'), ...catalog().appQuestions]) taken.set(option.flag, 'project');
  for (const [name, load] of componentLoaders()) {
    let definition: PluginDefinition;
    try {
      definition = (await load()).default;
    } catch {
      continue; // a component this installation does not ship takes no flags
    }
    for (const option of definition.options ?? []) taken.set(option.flag, name);
  }
  return taken;
}

function checkOptions(plugin: PluginDefinition, taken: Map<string, string>): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  const flags = new Set<string>();
  for (const option of plugin.options ?? []) {
    const label = `option "${String(option.name)}"`;
    if (!CAMEL.test(String(option.name))) problems.push(`${label}: name it in camelCase, e.g. hostPort.`);
    if (names.has(option.name)) problems.push(`${label} is declared twice; give each option its own name.`);
    names.add(option.name);
    if (!KEBAB.test(String(option.flag))) {
      problems.push(`${label}: flag "${String(option.flag)}" must be kebab-case, e.g. minio-port.`);
    }
    const owner = taken.get(option.flag);
    if (owner || flags.has(option.flag)) {
      problems.push(
        `${label}: flag --${option.flag} is already taken${owner ? ` by ${owner}` : ''}; prefix it with the service name.`,
      );
    }
    flags.add(option.flag);
    if (!['string', 'number', 'boolean', 'string[]'].includes(option.type)) {
      problems.push(
        `${label}: type "${String(option.type)}" is not one of string, number, boolean, string[].`,
      );
    }
    if (typeof option.description !== 'string' || option.description.trim() === '') {
      problems.push(`${label}: add a one-line description; --help and the docs show it.`);
    }
  }
  return problems;
}

function checkShape(plugin: PluginDefinition, options: ExpectValidPluginOptions): string[] {
  const problems: string[] = [];
  if (plugin.apiVersion !== PLUGIN_API_VERSION) {
    problems.push(
      `apiVersion is ${String(plugin.apiVersion)}; this generator-data-eng speaks ${PLUGIN_API_VERSION}.`,
    );
  }
  if (!options.allowAnyName && !PLUGIN_PACKAGE_PATTERN.test(plugin.name)) {
    problems.push(
      `name "${plugin.name}" must be the npm package name, data-eng-plugin-<name> or @scope/data-eng-plugin-<name>.`,
    );
  }
  if (typeof plugin.description !== 'string' || plugin.description.trim() === '') {
    problems.push('add a one-line description; data-eng plugins ls shows it.');
  }
  for (const [hook, fn] of Object.entries(plugin.hooks ?? {})) {
    if (!(HOOK_ORDER as readonly string[]).includes(hook)) {
      problems.push(`hook "${hook}" is not a hook; use one of: ${HOOK_ORDER.join(', ')}.`);
    } else if (typeof fn !== 'function') problems.push(`hook ${hook} must be a function.`);
  }
  const timeout = plugin.hookTimeoutMs;
  if (timeout !== undefined && !(Number.isFinite(timeout) && timeout > 0)) {
    problems.push(`hookTimeoutMs is ${String(timeout)}; use a positive number of milliseconds.`);
  }
  if (plugin.requires !== undefined && !plugin.requires.every((name) => typeof name === 'string')) {
    problems.push('requires must be a list of component or plugin names.');
  }
  return problems;
}

/**
 * Check a plugin the way its users will meet it: its shape and name, its options (names, flags that clash
 * with no other, defaults that pass their own validation), its hooks, and that it renders with its default
 * answers, the same way twice. Throws an InvalidPluginError listing every problem; resolves when none.
 *
 * @example
 * it('is a valid plugin', async () => { await expectValidPlugin(plugin); });
 */
export async function expectValidPlugin(
  plugin: PluginDefinition,
  options: ExpectValidPluginOptions = {},
): Promise<void> {
  if (typeof plugin !== 'object' || plugin === null || typeof plugin.name !== 'string') {
    throw new InvalidPluginError(String(plugin), ['export default definePlugin({ name, apiVersion, ... }).']);
  }
  const problems = [...checkShape(plugin, options), ...checkOptions(plugin, await takenFlags())];
  try {
    await resolveAnswers(
      plugin.name,
      plugin.options ?? [],
      { flags: {}, file: {}, stored: {} },
      { defaults: true, interactive: false },
      () => Promise.resolve(undefined),
    );
  } catch (error) {
    problems.push(`its defaults do not pass its own validation: ${(error as Error).message}`);
  }
  if (problems.length === 0) {
    try {
      const render = { ...(options.plugins ? { plugins: options.plugins } : {}) };
      const first = await renderPlugin(plugin, render);
      const second = await renderPlugin(plugin, render);
      if (!isDeepStrictEqual(first.stack, second.stack) || !isDeepStrictEqual(first.files, second.files)) {
        problems.push(
          'two renderings with the same answers differ; contribute() and files() must be pure (no clock, no randomness: use addSecret for secrets).',
        );
      }
      for (const path of first.contributions.files) {
        if (path.startsWith('/') || path.includes('\\') || path.split('/').includes('..')) {
          problems.push(`file "${path}" must be relative to the project, with forward slashes and no "..".`);
        }
      }
    } catch (error) {
      problems.push(`it does not render with its default answers: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) throw new InvalidPluginError(plugin.name, problems);
}
