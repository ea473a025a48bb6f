import '../../cli/catalog.js';
import { DataEngGenerator, type DataEngOptions } from '../../lib/generator/data-eng-generator.js';
import type { ProjectConfig } from '../../lib/config/project-config.js';
import { builtinPluginQuestions, COMPONENT_NAMES, isComponentName } from '../../lib/project/catalog.js';
import { loadPlugin } from '../../lib/plugins/load-plugins.js';
import {
  declareEnvironment,
  ENVIRONMENT_OPTIONS,
  ENVIRONMENTS_KEY,
  environmentProblems,
} from '../../lib/project/environments.js';
import { readAnswers } from '../../lib/config/read-answers.js';
import type { OptionSpec } from '../../lib/plugins/option-spec.js';
import { APP_OPTIONS, PART_OPTIONS, PART_QUESTIONS } from './options.js';
import { projectOptions } from '../../lib/project/project-options.js';
import { AnswerError } from '../../lib/config/resolve-answers.js';
import { answersOf } from '../../lib/config/project-config.js';
import { checkPluginAnswerKeys } from '../../lib/project/check-answer-keys.js';
import { COMMON_OPTIONS } from '../../lib/generator/common-options.js';
import { readyLines } from '../../lib/generator/project-tasks.js';
import { siblingGenerator } from '../../lib/generator/sibling-generator.js';

const camelCase = (flag: string): string =>
  flag.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

/**
 * A flag of a part not chosen, or of a built-in plugin not enabled, would be dropped without a word
 * (`--airflow-port 9090` with `--components postgres`): refuse it, naming its owner and the two ways out.
 */
function refuseFlagsOfOthers(
  options: Readonly<Record<string, unknown>>,
  owners: Readonly<Record<string, readonly OptionSpec[]>>,
  chosen: readonly string[],
  what: (owner: string) => string,
  listFlag: 'components' | 'plugins',
): void {
  for (const [owner, specs] of Object.entries(owners)) {
    if (chosen.includes(owner)) continue;
    const given = specs.find(
      (spec) => options[spec.flag] !== undefined || options[camelCase(spec.flag)] !== undefined,
    );
    if (given) {
      throw new AnswerError(
        `--${given.flag} answers a question of ${what(owner)}; add ${owner} to --${listFlag}, or drop --${given.flag}.`,
      );
    }
  }
}

const partNotChosen = (part: string): string => `${part}, which this project does not have`;
const pluginNotEnabled = (plugin: string): string =>
  `the plugin ${plugin}, which this project does not enable`;

/** Answers in the file for a part not chosen or a plugin not enabled would be dropped: refuse them. */
function refuseAnswersOfOthers(
  file: ProjectConfig,
  path: string | undefined,
  components: readonly string[],
  pluginOwners: readonly string[],
): void {
  for (const owner of Object.keys(file)) {
    if (['project', 'app', 'plugins', ENVIRONMENTS_KEY].includes(owner) || pluginOwners.includes(owner))
      continue;
    if (isComponentName(owner)) {
      if (components.includes(owner)) continue;
      throw new AnswerError(
        `The answers file "${path}" answers ${owner}, which this project does not have; add ${owner} to --components (app.components in the file), or remove its block.`,
      );
    }
    throw new AnswerError(
      `The answers file "${path}" answers the plugin ${owner}, which this project does not enable; add it to --plugins (plugins in the file), or remove its block.`,
    );
  }
}

/**
 * `yo data-eng` and `data-eng new`: asks the project's questions, then composes one sub-generator per
 * chosen component. Every file is rendered once, from .yo-rc.json, after all of them have answered.
 */
export default class AppGenerator extends DataEngGenerator {
  protected readonly owner = 'project';
  protected readonly questions = APP_OPTIONS;

  constructor(args: string[], options: DataEngOptions) {
    // Declare every part's flags too, so `data-eng new --postgres-version 15` reaches the postgres generator.
    super(args, options, [...projectOptions(process.cwd()), ...APP_OPTIONS, ...PART_OPTIONS]);
  }

  /** The plugins' answers, by the name each plugin stores them under. */
  private pluginAnswers: Record<string, Record<string, unknown>> = {};

  /** The answers file's `plugins` list (as .yo-rc.json stores it) answers the plugins question too. */
  protected override async fileAnswers(owner: string): Promise<Record<string, unknown>> {
    const answers = await super.fileAnswers(owner);
    const file = await this.answersFile();
    if (owner !== 'app' || answers.plugins !== undefined || file.plugins === undefined) return answers;
    return { ...answers, plugins: file.plugins };
  }

  override async prompting(): Promise<void> {
    await super.prompting();
    // Store the project's answers before composing, so the parts see them and do not ask again.
    this.config.set('project', this.projectAnswers);
    const stored = this.config.getAll() as ProjectConfig;
    // The parts and plugins of an existing project count as stored answers, so a plain re-run replays them.
    const present = COMPONENT_NAMES.filter((name) => stored[name] !== undefined);
    const replay = present.length > 0 ? { components: present, plugins: stored.plugins ?? [] } : {};
    const selection = await this.resolve('app', APP_OPTIONS, replay);
    refuseFlagsOfOthers(
      this.options,
      PART_QUESTIONS,
      selection.components as string[],
      partNotChosen,
      'components',
    );
    const plugins = selection.plugins as string[];
    refuseFlagsOfOthers(this.options, await builtinPluginQuestions(), plugins, pluginNotEnabled, 'plugins');
    // Each plugin's questions, answered like a part's: flags, the answers file, stored answers, a prompt. A
    // plugin an existing project enabled without storing answers keeps the defaults it has rendered with.
    const file = await this.answersFile();
    for (const name of plugins) {
      const { definition } = await loadPlugin(name, this.destinationRoot());
      const specs = definition.options ?? [];
      if (this.options.answers)
        checkPluginAnswerKeys(
          definition.name,
          answersOf(file, definition.name),
          specs,
          String(this.options.answers),
        );
      const enabledBefore = (stored.plugins ?? []).includes(name) && stored[definition.name] === undefined;
      this.pluginAnswers[definition.name] = await this.resolve(
        definition.name,
        specs,
        undefined,
        enabledBefore,
      );
    }
    refuseAnswersOfOthers(
      file,
      this.options.answers as string | undefined,
      selection.components as string[],
      Object.keys(this.pluginAnswers),
    );
    // The answers file's environments are declared as `add environment` declares them; one that targets
    // kubernetes enables the plugin that renders it.
    const fileEnvironments = (file[ENVIRONMENTS_KEY] ?? {}) as Record<string, Record<string, unknown>>;
    // A file that names its own compose environment replaces the implicit dev of a project that declares none.
    const ownCompose = Object.values(fileEnvironments).some(
      (answers) => readAnswers(ENVIRONMENT_OPTIONS, answers).target === 'compose',
    );
    let declared: ProjectConfig = {
      ...stored,
      plugins,
      ...(stored[ENVIRONMENTS_KEY] === undefined && ownCompose ? { [ENVIRONMENTS_KEY]: {} } : {}),
    };
    for (const [name, answers] of Object.entries(fileEnvironments)) {
      const problem = environmentProblems(name, answers)[0];
      if (problem)
        throw new AnswerError(`${problem} (in the answers file "${String(this.options.answers)}")`);
      try {
        declared = declareEnvironment(declared, name, answers).config;
      } catch (error) {
        throw new AnswerError(
          `${(error as Error).message} (in the answers file "${String(this.options.answers)}")`,
        );
      }
    }
    if (file[ENVIRONMENTS_KEY] !== undefined) this.environments = declared[ENVIRONMENTS_KEY];
    this.answers = { components: selection.components, plugins: declared.plugins ?? plugins };
    // Compose now, not at the end of the run, so every part answers before the one shared rendering.
    const flags = new Set(
      [...COMMON_OPTIONS, ...PART_OPTIONS].flatMap((option) => [option.flag, camelCase(option.flag)]),
    );
    const passOn: Record<string, unknown> = Object.fromEntries(
      Object.entries(this.options).filter(([key]) => flags.has(key)),
    );
    passOn.interactive = this.interactive;
    for (const component of COMPONENT_NAMES.filter((name) =>
      (selection.components as string[]).includes(name),
    )) {
      await this.composeWith(
        siblingGenerator(import.meta.url, component),
        passOn as Partial<DataEngOptions>,
        true,
      );
    }
  }

  /** The environments the answers file declares, with those the project had. */
  private environments: unknown;

  override configuring(): void {
    super.configuring();
    this.config.set('plugins', this.answers.plugins);
    if (this.environments !== undefined) this.config.set(ENVIRONMENTS_KEY, this.environments);
    for (const [owner, answers] of Object.entries(this.pluginAnswers)) {
      // A plugin without questions stores nothing, as `data-eng plugins add` does.
      if (Object.keys(answers).length > 0) this.config.set(owner, answers);
    }
  }

  async end(): Promise<void> {
    // data-eng new says this itself, after it has put the files in place and run the hooks.
    if (this.options.dryRun || this.options.deferHooks) return;
    for (const line of await readyLines(this.destinationRoot())) this.log(line);
  }
}
