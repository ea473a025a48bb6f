import '../../cli/catalog.js';
import { DataEngGenerator, type DataEngOptions } from '../../lib/generator/data-eng-generator.js';
import { DBT } from './constants.js';
import { DBT_OPTIONS } from './options.js';

/** `yo data-eng:dbt` and `data-eng add dbt`: a dbt project on the analytics database (see component.ts). */
export default class DbtGenerator extends DataEngGenerator {
  protected readonly owner = DBT;
  protected readonly questions = DBT_OPTIONS;

  constructor(args: string[], options: DataEngOptions) {
    super(args, options, DBT_OPTIONS);
  }

  end(): void {
    this.log(
      [
        'dbt is set up. Next:',
        '  1. rebuild the image, which installs dbt: data-eng build (or make build), then data-eng up',
        '  2. trigger the dbt_medallion DAG in the UI, or build from a terminal: make dbt-build',
        'Details: docs/dbt.md',
      ].join('\n'),
    );
  }
}
