import { basename } from 'node:path';
import type { OptionSpec } from '../plugins/option-spec.js';
import { NAME_PATTERN } from '../model/schema.js';
import { reservedNameProblem } from './reserved-names.js';
import { LICENSE_OPTIONS } from './license.js';

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
    ...LICENSE_OPTIONS,
  ] as const satisfies readonly OptionSpec[];
}
