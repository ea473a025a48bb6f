import { basename } from 'node:path';
import type { OptionSpec } from '../../lib/plugins/option-spec.js';
import { NAME_PATTERN } from '../../lib/model/schema.js';
import { COMPONENT_NAMES } from '../../lib/project/catalog.js';
import { reservedNameProblem } from '../../lib/project/reserved-names.js';
import { AIRFLOW_OPTIONS, AIRFLOW_REQUIRES } from '../airflow/options.js';
import { DEVCONTAINER_OPTIONS, DEVCONTAINER_REQUIRES } from '../devcontainer/options.js';
import { POSTGRES_OPTIONS } from '../postgres/options.js';
import { WINDOWS_AUTH_OPTIONS, WINDOWS_AUTH_REQUIRES } from '../windows-auth/options.js';

/** What each part needs, as its component declares it. */
const PART_REQUIRES: Readonly<Record<string, readonly string[]>> = {
  airflow: AIRFLOW_REQUIRES,
  devcontainer: DEVCONTAINER_REQUIRES,
  'windows-auth': WINDOWS_AUTH_REQUIRES,
};

/** A project slug from any folder name: lowercase, hyphens, starting with a letter. */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '')
    .slice(0, 63);
  return slug || 'data-eng-project';
}

/** The project's own questions, asked by `yo data-eng` and by any sub-generator run in an empty folder. */
export function projectOptions(destination: string) {
  return [
    {
      name: 'name',
      flag: 'name',
      type: 'string',
      description: 'Project name: used for compose, images and the Python package',
      default: slugify(basename(destination)),
      pattern: NAME_PATTERN,
      patternHint:
        'use lowercase letters, digits and hyphens, starting with a letter, at most 63 characters (e.g. sales-pipeline)',
      // A project made before this rule keeps its name: its package already exists.
      validate: (value, _answers, { stored }) => (stored ? undefined : reservedNameProblem(String(value))),
    },
    {
      name: 'title',
      flag: 'title',
      type: 'string',
      description: 'Human title shown in the README and the dev container',
      default: (answers: Readonly<Record<string, unknown>>) => String(answers.name),
      validate: (value) =>
        String(value).trim() === ''
          ? 'give the project a title'
          : /[\r\n]/.test(String(value))
            ? 'keep the title on one line'
            : undefined,
    },
    {
      name: 'description',
      flag: 'description',
      type: 'string',
      description: 'One-line description of the project',
      default: 'Data pipelines on Apache Airflow 3 and PostgreSQL',
    },
  ] as const satisfies readonly OptionSpec[];
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
  },
] as const satisfies readonly OptionSpec[];

/** Each part's questions, by the name `data-eng add` and `yo data-eng:<name>` take. */
export const PART_QUESTIONS: Readonly<Record<string, readonly OptionSpec[]>> = {
  postgres: POSTGRES_OPTIONS,
  airflow: AIRFLOW_OPTIONS,
  devcontainer: DEVCONTAINER_OPTIONS,
  'windows-auth': WINDOWS_AUTH_OPTIONS,
};

/** The questions of every part, which `yo data-eng` also takes as flags and passes to the parts it composes. */
export const PART_OPTIONS: readonly OptionSpec[] = Object.values(PART_QUESTIONS).flat();

/** Every question a generator takes as a flag: the project's, then its own (all parts' for app). */
export function generatorQuestions(name: string, destination: string): readonly OptionSpec[] {
  const own = name === 'app' ? [...APP_OPTIONS, ...PART_OPTIONS] : (PART_QUESTIONS[name] ?? []);
  return [...(projectOptions(destination) as readonly OptionSpec[]), ...own];
}
