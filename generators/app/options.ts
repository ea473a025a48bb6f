import type { OptionSpec } from '../../lib/plugins/option-spec.js';
import {
  BUILTIN_PLUGIN_NAMES,
  COMPONENT_NAMES,
  isBuiltinPlugin,
  type ComponentName,
} from '../../lib/project/catalog.js';
import { installedPlugins, resolvePlugin } from '../../lib/plugins/resolve-plugin.js';
import { projectOptions } from '../../lib/project/project-options.js';
import { AIRFLOW_OPTIONS, AIRFLOW_REQUIRES } from '../airflow/options.js';
import { DEVCONTAINER_OPTIONS, DEVCONTAINER_REQUIRES } from '../devcontainer/options.js';
import { POSTGRES_OPTIONS } from '../postgres/options.js';
import { WINDOWS_AUTH_OPTIONS, WINDOWS_AUTH_REQUIRES } from '../windows-auth/options.js';
import { OBSERVABILITY_OPTIONS, OBSERVABILITY_REQUIRES } from '../observability/options.js';
import { DBT_OPTIONS, DBT_REQUIRES } from '../dbt/options.js';

/** What each part needs, as its component declares it. */
const PART_REQUIRES: Readonly<Partial<Record<string, readonly string[]>>> = {
  airflow: AIRFLOW_REQUIRES,
  devcontainer: DEVCONTAINER_REQUIRES,
  'windows-auth': WINDOWS_AUTH_REQUIRES,
  observability: OBSERVABILITY_REQUIRES,
  dbt: DBT_REQUIRES,
};

/** Why a plugin name cannot be enabled from this folder (not built in, not installed), with the fix; or undefined. */
function pluginProblem(name: string, dir: string): string | undefined {
  if (isBuiltinPlugin(name)) return undefined;
  try {
    resolvePlugin(name, dir);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Which parts `yo data-eng` composes; each one is also its own sub-generator. */
export const APP_OPTIONS = [
  {
    name: 'components',
    flag: 'components',
    type: 'string[]',
    description: 'Parts of the project to generate',
    default: ['postgres', 'airflow', 'devcontainer'],
    choices: COMPONENT_NAMES,
    validate: (value) => {
      const list = value as string[];
      for (const part of list) {
        const missing = (PART_REQUIRES[part] ?? []).find((needed) => !list.includes(needed));
        if (missing) return `${part} needs ${missing}; add ${missing} to the list`;
      }
      return undefined;
    },
  },
  {
    name: 'plugins',
    flag: 'plugins',
    type: 'string[]',
    description: 'Plugins to enable: built-in names or data-eng-plugin-* packages',
    // Compose runs the stack (`data-eng up`); the build cache keeps unchanged images from being rebuilt.
    default: ['orchestrator-compose', 'build-cache'],
    // The prompt lists the built-in plugins and those installed where the project is (or globally); a flag or the
    // answers file may name any other, such as a ./path.
    offer: (_answers, { dir }) => [
      ...BUILTIN_PLUGIN_NAMES,
      ...(dir === undefined ? [] : installedPlugins(dir).map((plugin) => plugin.name)),
    ],
    // Each name is looked up as it is answered: a typo is asked again, not found after every other question.
    validate: (value, _answers, { stored, dir }) =>
      stored || dir === undefined
        ? undefined
        : (value as string[]).map((name) => pluginProblem(name, dir)).find(Boolean),
  },
] as const satisfies readonly OptionSpec[];

/** Each part's questions, by the name `data-eng add` and `yo data-eng:<name>` take. */
export const PART_QUESTIONS: Readonly<Record<ComponentName, readonly OptionSpec[]>> = {
  postgres: POSTGRES_OPTIONS,
  airflow: AIRFLOW_OPTIONS,
  devcontainer: DEVCONTAINER_OPTIONS,
  'windows-auth': WINDOWS_AUTH_OPTIONS,
  observability: OBSERVABILITY_OPTIONS,
  dbt: DBT_OPTIONS,
};

/** The questions of every part, which `yo data-eng` also takes as flags and passes to the parts it composes. */
export const PART_OPTIONS: readonly OptionSpec[] = Object.values(PART_QUESTIONS).flat();

/** Every question a generator takes as a flag: the project's, then its own (all parts' for app). */
export function generatorQuestions(name: string, destination: string): readonly OptionSpec[] {
  const own =
    name === 'app' ? [...APP_OPTIONS, ...PART_OPTIONS] : (PART_QUESTIONS[name as ComponentName] ?? []);
  return [...(projectOptions(destination) as readonly OptionSpec[]), ...own];
}
