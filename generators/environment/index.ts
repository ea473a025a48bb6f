import '../../cli/catalog.js';
import { DataEngGenerator, type DataEngOptions } from '../../lib/generator/data-eng-generator.js';
import type { ProjectConfig } from '../../lib/config/project-config.js';
import { ProjectConfigError, readProjectConfig, YO_RC } from '../../lib/config/project-config.js';
import { checkAnswerKeys } from '../../lib/project/check-answer-keys.js';
import {
  declareEnvironment,
  ENVIRONMENT_OPTIONS,
  ENVIRONMENTS_KEY,
  storedEnvironment,
} from '../../lib/project/environments.js';
import { projectPath } from '../../lib/fs/project-paths.js';

/**
 * `yo data-eng:environment NAME` (and `data-eng add environment NAME`): declare an environment of the project, or
 * change one, with its own questions; then the one shared rendering re-renders every file, keeping your edits.
 */
export default class EnvironmentGenerator extends DataEngGenerator {
  protected readonly owner = ENVIRONMENTS_KEY;
  protected readonly questions = ENVIRONMENT_OPTIONS;
  #next: ProjectConfig | undefined;

  constructor(args: string[], options: DataEngOptions) {
    super(args, options, ENVIRONMENT_OPTIONS);
    this.argument('name', {
      type: String,
      required: true,
      description: 'The environment, e.g. staging (lowercase letters, digits, hyphens)',
    });
  }

  override async prompting(): Promise<void> {
    const existing = await readProjectConfig(this.destinationRoot());
    if (!existing?.project)
      throw new ProjectConfigError(
        `No data-eng project in ${this.destinationRoot()}: an environment belongs to a project; create one with yo data-eng first.`,
      );
    checkAnswerKeys(
      existing,
      projectPath(this.destinationRoot(), YO_RC),
      this.projectFolder(),
      'project config',
    );
    const name = String(this.options.name);
    const answers = await this.resolve(
      `environments.${name}`,
      ENVIRONMENT_OPTIONS,
      storedEnvironment(existing, name),
    );
    this.#next = declareEnvironment(existing, name, answers).config;
  }

  override configuring(): void {
    const next = this.#next!;
    this.config.set(ENVIRONMENTS_KEY, next[ENVIRONMENTS_KEY]);
    if (next.plugins) this.config.set('plugins', next.plugins);
  }
}
