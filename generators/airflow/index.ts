import '../../cli/catalog.js';
import { DataEngGenerator, type DataEngOptions } from '../../lib/generator/data-eng-generator.js';
import { AIRFLOW_OPTIONS } from './options.js';

/** `yo data-eng:airflow`: see component.ts for what it adds to the project. */
export default class AirflowGenerator extends DataEngGenerator {
  protected readonly owner = 'airflow';
  protected readonly questions = AIRFLOW_OPTIONS;

  constructor(args: string[], options: DataEngOptions) {
    super(args, options, AIRFLOW_OPTIONS);
  }
}
