import '../../cli/catalog.js';
import { DataEngGenerator, type DataEngOptions } from '../../lib/generator/data-eng-generator.js';
import { POSTGRES_OPTIONS } from './options.js';

/** `yo data-eng:postgres`: PostgreSQL for Airflow's metadata and a separate analytics database. */
export default class PostgresGenerator extends DataEngGenerator {
  protected readonly owner = 'postgres';
  protected readonly questions = POSTGRES_OPTIONS;

  constructor(args: string[], options: DataEngOptions) {
    super(args, options, POSTGRES_OPTIONS);
  }
}
