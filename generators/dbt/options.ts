import type { OptionSpec } from '../../lib/plugins/option-spec.js';
import { readAnswers } from '../../lib/config/read-answers.js';

/** The questions of `yo data-eng:dbt`. */
export const DBT_OPTIONS = [
  {
    name: 'threads',
    flag: 'dbt-threads',
    type: 'number',
    description: 'How many models dbt builds at once',
    default: 4,
    min: 1,
    max: 32,
  },
] as const satisfies readonly OptionSpec[];

export const dbtSettings = (answers: Readonly<Record<string, unknown>>) =>
  readAnswers(DBT_OPTIONS, answers, 'dbt');

/** What dbt needs: the analytics database, and Airflow to run it. */
export const DBT_REQUIRES: readonly string[] = ['airflow', 'postgres'];
