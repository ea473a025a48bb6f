import type { OptionSpec } from '../../lib/plugins/option-spec.js';
import { COMPONENT_NAMES, type ComponentName } from '../../lib/project/catalog.js';
import { projectOptions } from '../../lib/project/project-options.js';
import { AIRFLOW_OPTIONS, AIRFLOW_REQUIRES } from '../airflow/options.js';
import { DEVCONTAINER_OPTIONS, DEVCONTAINER_REQUIRES } from '../devcontainer/options.js';
import { POSTGRES_OPTIONS } from '../postgres/options.js';
import { WINDOWS_AUTH_OPTIONS, WINDOWS_AUTH_REQUIRES } from '../windows-auth/options.js';

/** What each part needs, as its component declares it. */
const PART_REQUIRES: Readonly<Partial<Record<string, readonly string[]>>> = {
  airflow: AIRFLOW_REQUIRES,
  devcontainer: DEVCONTAINER_REQUIRES,
  'windows-auth': WINDOWS_AUTH_REQUIRES,
};

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
  },
] as const satisfies readonly OptionSpec[];

/** Each part's questions, by the name `data-eng add` and `yo data-eng:<name>` take. */
export const PART_QUESTIONS: Readonly<Record<ComponentName, readonly OptionSpec[]>> = {
  postgres: POSTGRES_OPTIONS,
  airflow: AIRFLOW_OPTIONS,
  devcontainer: DEVCONTAINER_OPTIONS,
  'windows-auth': WINDOWS_AUTH_OPTIONS,
};

/** The questions of every part, which `yo data-eng` also takes as flags and passes to the parts it composes. */
export const PART_OPTIONS: readonly OptionSpec[] = Object.values(PART_QUESTIONS).flat();

/** Every question a generator takes as a flag: the project's, then its own (all parts' for app). */
export function generatorQuestions(name: string, destination: string): readonly OptionSpec[] {
  const own =
    name === 'app' ? [...APP_OPTIONS, ...PART_OPTIONS] : (PART_QUESTIONS[name as ComponentName] ?? []);
  return [...(projectOptions(destination) as readonly OptionSpec[]), ...own];
}
