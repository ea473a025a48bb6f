import '../../cli/catalog.js';
import { DataEngGenerator, type DataEngOptions } from '../../lib/generator/data-eng-generator.js';
import { DEVCONTAINER_OPTIONS } from './options.js';

/** `yo data-eng:devcontainer`: see component.ts for what it adds to the project. */
export default class DevcontainerGenerator extends DataEngGenerator {
  protected readonly owner = 'devcontainer';
  protected readonly questions = DEVCONTAINER_OPTIONS;

  constructor(args: string[], options: DataEngOptions) {
    super(args, options, DEVCONTAINER_OPTIONS);
  }
}
