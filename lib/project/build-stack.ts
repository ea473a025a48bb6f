import { StackBuilder } from '../model/stack-builder.js';
import type { Stack } from '../model/stack.js';
import type { ContributeContext, PluginDefinition } from '../plugins/public-api.js';
import type { Answers, ProjectConfig } from '../config/project-config.js';
import { answersOf } from '../config/project-config.js';
import { projectInfo } from './project-info.js';
import type { Environment } from './environments.js';
import { environmentsOf, localEnvironment } from './environments.js';

/** What contributes to a project: its enabled components and plugins, in application order. */
export interface Contributor {
  readonly definition: PluginDefinition;
  readonly answers: Answers;
  /** A third-party plugin's module file: its hooks run in a worker thread, where they can be stopped. */
  readonly entry?: string;
}

export function contributeContext(
  config: ProjectConfig,
  contributors: readonly Contributor[],
  answers: Answers,
  environment?: Environment,
): ContributeContext {
  const names = new Set(contributors.map((c) => c.definition.name));
  const all = Object.fromEntries(contributors.map((c) => [c.definition.name, c.answers]));
  const environments = environmentsOf(config);
  return {
    answers,
    config: all,
    enabled: (name) => names.has(name) || (name === 'project' && !!config.project),
    hasHook: (hook) => contributors.some((c) => c.definition.hooks?.[hook] !== undefined),
    settingsOf: settingsReader(contributors),
    environment: environment ?? localEnvironment(environments),
    environments,
    stackOf: (name) => {
      const found = environments.find((env) => env.name === name);
      if (!found)
        throw new Error(
          `No environment "${name}"; the project declares ${environments.map((env) => env.name).join(', ')}.`,
        );
      return buildStack(config, contributors, found);
    },
  };
}

/** Each enabled part's or plugin's settings, as its owner resolves them (`PluginDefinition.settings`). */
export function settingsReader(contributors: readonly Contributor[]): ContributeContext['settingsOf'] {
  return ((name: string) => {
    const found = contributors.find((c) => c.definition.name === name);
    if (!found) return undefined;
    return found.definition.settings ? found.definition.settings(found.answers) : found.answers;
  }) as ContributeContext['settingsOf'];
}

/** Each run's Stacks, one per environment, built once: the same answers always give the same Stack. */
const built = new WeakMap<ProjectConfig, WeakMap<readonly Contributor[], Map<string, Stack>>>();

/**
 * Rebuild the Stack of one environment (by default the local one, whose Stack renders the project's own files)
 * from the answers: the same answers always give the same Stack, and a run builds each environment's once.
 */
export function buildStack(
  config: ProjectConfig,
  contributors: readonly Contributor[],
  environment: Environment = localEnvironment(environmentsOf(config)),
): Stack {
  let byContributors = built.get(config);
  if (!byContributors) built.set(config, (byContributors = new WeakMap()));
  let stacks = byContributors.get(contributors);
  if (!stacks) byContributors.set(contributors, (stacks = new Map()));
  const key = JSON.stringify(environment);
  const cached = stacks.get(key);
  if (cached) return cached;
  const stack = buildEnvironmentStack(config, contributors, environment);
  stacks.set(key, stack);
  return stack;
}

function buildEnvironmentStack(
  config: ProjectConfig,
  contributors: readonly Contributor[],
  environment: Environment,
): Stack {
  const builder = new StackBuilder(projectInfo(answersOf(config, 'project')));
  const names = new Set(contributors.map((c) => c.definition.name));
  for (const { definition, answers } of contributors) {
    for (const required of definition.requires ?? []) {
      if (!names.has(required)) {
        throw new Error(`${definition.name} needs ${required}; add it with: data-eng add ${required}`);
      }
    }
    try {
      definition.contribute?.(
        builder.as(definition.name),
        contributeContext(config, contributors, answers, environment),
      );
    } catch (error) {
      // The Stack's own refusals already name the owner; anything else a plugin throws gets its name here.
      const message = error instanceof Error ? error.message : String(error);
      if (message.includes(definition.name)) throw error;
      throw Object.assign(new Error(`${definition.name}: contribute() failed: ${message}`), {
        name: error instanceof Error ? error.name : 'Error',
      });
    }
  }
  return builder.build();
}
