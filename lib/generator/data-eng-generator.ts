import { basename } from 'node:path';
import Generator from 'yeoman-generator';
import type { OptionSpec } from '../plugins/option-spec.js';
import type { ProjectConfig } from '../config/project-config.js';
import { answersOf, readAnswersFile, readProjectConfig, YO_RC } from '../config/project-config.js';
import { projectPath } from '../fs/project-paths.js';
import { AnswerError, offeredChoices, resolveAnswers } from '../config/resolve-answers.js';
import { COMMON_OPTIONS, type DataEngOptions } from './common-options.js';
import { checkAnswerKeys } from '../project/check-answer-keys.js';
import { queueProjectTasks } from './project-tasks.js';
import { atomicCommitTask } from './atomic-commit.js';
import { projectOptions } from '../project/project-options.js';

export type { DataEngOptions };

const PRIORITY_OPTIONS = {
  inheritTasks: true,
  customPriorities: [{ priorityName: 'postScaffold', before: 'end', queueName: 'data-eng:postScaffold' }],
};

/**
 * Yeoman logs "An error occured while running <namespace>#<task>" before a failing task's error: an internal
 * name (built from the install folder's path) in front of the one sentence that says what to do. The error
 * itself is still reported, by data-eng or yo; only that banner is left out.
 */
function quietTaskErrorBanner(generator: { log: unknown }): void {
  const log = generator.log as ((...args: unknown[]) => unknown) & {
    error?: (...args: unknown[]) => unknown;
  };
  if (typeof log !== 'function' || typeof log.error !== 'function') return;
  const quiet = new Proxy(log, {
    get(target, property, receiver) {
      if (property !== 'error') return Reflect.get(target, property, receiver) as unknown;
      return (message: unknown, ...rest: unknown[]) =>
        /^An error occured while running /.test(String(message))
          ? undefined
          : target.error!(message, ...rest);
    },
  });
  Object.defineProperty(generator, 'log', { value: quiet, configurable: true, writable: true });
}

/**
 * The base of every data-eng generator: it turns an option table into flags and questions,
 * resolves answers (flag, answers file, .yo-rc.json, prompt or default), validates them before anything
 * is written, stores them, and queues the one shared rendering of the project.
 */
export abstract class DataEngGenerator extends Generator<Record<string, unknown>, DataEngOptions> {
  /** Key under which this generator's answers are stored in .yo-rc.json. */
  protected abstract readonly owner: string;
  protected abstract readonly questions: readonly OptionSpec[];
  protected answers: Record<string, unknown> = {};

  constructor(args: string[], options: DataEngOptions, specs: readonly OptionSpec[]) {
    super(args, options, PRIORITY_OPTIONS);
    quietTaskErrorBanner(this);
    // The first data-eng generator of a run gives Yeoman its commit step: every file written atomically.
    const env = this.env as unknown as Parameters<typeof atomicCommitTask>[0] & { dataEngCommit?: boolean };
    if (!env.dataEngCommit) {
      env.dataEngCommit = true;
      Object.assign(this, { customFeatures: { customCommitTask: atomicCommitTask(env) } });
    }
    for (const option of COMMON_OPTIONS) {
      if ('declaredByYeoman' in option) continue;
      this.option(option.flag, { type: option.type, description: option.description });
    }
    for (const spec of specs) {
      this.option(spec.flag, {
        // Numbers arrive as text and are read as decimal by coerceAnswer: Yeoman's Number would take 0x1F90
        // for 8080 and turn "abc" into NaN, which the error message would then show as null.
        type: spec.type === 'boolean' ? Boolean : String,
        description: `${spec.description} (default: ${typeof spec.default === 'function' ? 'derived' : String(spec.default)})`,
      });
    }
  }

  /**
   * Yeoman's default reads the destination's package.json for a name; a data-eng project has none (the
   * project name is an answer), and reading it would make Yeoman's npm install step report on it.
   */
  override determineAppname(): string {
    return basename(this.projectFolder());
  }

  /** The folder the project is in, or will be in once `data-eng new` puts its staging folder in place. */
  protected projectFolder(): string {
    return this.options.projectFolder ?? this.destinationRoot();
  }

  /** Whether to ask: --interactive / --no-interactive, else only with a terminal on stdin. */
  protected get interactive(): boolean {
    return this.options.interactive ?? Boolean(process.stdin.isTTY);
  }

  protected async answersFile(): Promise<ProjectConfig> {
    if (!this.options.answers) return {};
    const config = await readAnswersFile(this.options.answers);
    checkAnswerKeys(config, this.options.answers, this.destinationRoot());
    return config;
  }

  /** One owner's answers in the --answers file (empty without one). */
  protected async fileAnswers(owner: string): Promise<Record<string, unknown>> {
    return answersOf(await this.answersFile(), owner);
  }

  /** Resolve this generator's answers; throws one sentence per bad or missing answer, before any write. */
  protected async resolve(
    owner: string,
    specs: readonly OptionSpec[],
    stored: Record<string, unknown> = answersOf(this.config.getAll() as ProjectConfig, owner),
    useDefaults = false,
  ): Promise<Record<string, unknown>> {
    return resolveAnswers(
      owner,
      specs,
      { flags: this.options, file: await this.fileAnswers(owner), stored },
      {
        defaults: useDefaults || Boolean(this.options.defaults),
        interactive: this.interactive,
        askAnswered: Boolean(this.options.askAnswered),
        dir: this.projectFolder(),
        hostPorts: this.#hostPorts(),
      },
      async (spec, defaultValue, answers, check) => {
        // A question with choices, or one whose `offer` lists some (the plugins installed here), is a list to pick
        // from. Without fixed choices the stored or default items come first, in their order (the order is kept
        // when Enter takes them), and one outside the offer (a plugin by path) is listed too, so it is kept.
        const offered = offeredChoices(spec, answers, { dir: this.projectFolder() });
        const current = Array.isArray(defaultValue) ? (defaultValue as (string | number)[]) : [];
        const choices =
          spec.choices || offered.length === 0
            ? offered
            : [...current, ...offered.filter((item) => !current.includes(item))];
        // A list typed at an input is split on commas, which a DN holds too: Enter on the shown default gives the
        // default list back whole, not re-split.
        const typedList = spec.type === 'string[]' && choices.length === 0 && Array.isArray(defaultValue);
        const shown = typedList ? (defaultValue as unknown[]).join(', ') : defaultValue;
        const asTyped = (raw: unknown): unknown =>
          typedList && (raw === shown || raw === defaultValue) ? defaultValue : raw;
        // The question's shape varies with the option type; inquirer checks it at run time.
        let answer: { value: unknown };
        try {
          answer = await this.prompt<{ value: unknown }>([
            {
              type:
                choices.length > 0
                  ? spec.type === 'string[]'
                    ? 'checkbox'
                    : 'select'
                  : spec.type === 'boolean'
                    ? 'confirm'
                    : 'input',
              name: 'value',
              message: spec.message ?? spec.description,
              default: shown,
              // A bad value is shown under the question, which is asked again. A checkbox hands over its
              // chosen items, not their values.
              validate: (raw: unknown) => check(asTyped(chosenValues(raw))) ?? true,
              ...(choices.length > 0
                ? {
                    choices: choices.map((choice) => ({
                      name: String(choice),
                      value: choice,
                      ...(spec.type === 'string[]' ? { checked: current.includes(choice) } : {}),
                    })),
                  }
                : {}),
            } as never,
          ]);
        } catch (error) {
          this.#cancelledAtQuestion(error);
          throw error;
        }
        return asTyped(answer.value);
      },
    );
  }

  /**
   * The host ports answered in this run, shared by every generator it composes, so a port one part took is refused
   * at a later question. Stored answers are not in it: a run may move several ports at once, and a clash with a
   * part this run does not ask is the model's check, when the Stack is built.
   */
  #hostPorts(): Map<number, string> {
    const env = this.env as unknown as { dataEngHostPorts?: Map<number, string> };
    env.dataEngHostPorts ??= new Map();
    return env.dataEngHostPorts;
  }

  /**
   * Ctrl-C at a question, under `yo`: one line and exit 130, before anything is written (questions come first).
   * Under the data-eng command line the error goes on, and the command ends the same way.
   */
  #cancelledAtQuestion(error: unknown): void {
    if (!(error instanceof Error) || error.name !== 'ExitPromptError') return;
    if ((this.env as unknown as { dataEngCli?: boolean }).dataEngCli) return;
    process.stderr.write('data-eng: cancelled, nothing written.\n');
    process.exit(130);
  }

  /** The project's own answers: asked once, by whichever generator runs first in a folder without them. */
  protected projectAnswers: Record<string, unknown> | undefined;

  async prompting(): Promise<void> {
    // Asking again needs someone to answer: without a terminal the flag would do nothing, silently.
    if (this.options.askAnswered && !this.interactive)
      throw new AnswerError(
        '--ask-answered asks every question again at a terminal, and stdin is not one here; to change an answer without a terminal, pass its flag or --answers FILE.',
      );
    // Before Yeoman reads or writes .yo-rc.json: refuse one that cannot be used, or a link out of the project.
    const yoRc = projectPath(this.destinationRoot(), YO_RC);
    const existing = await readProjectConfig(this.destinationRoot());
    if (existing) checkAnswerKeys(existing, yoRc, this.projectFolder(), 'project config');
    const stored = this.config.getAll() as ProjectConfig;
    if (this.owner === 'project' || !stored.project) {
      this.projectAnswers = await this.resolve('project', projectOptions(this.projectFolder()));
    }
    if (this.owner !== 'project') this.answers = await this.resolve(this.owner, this.questions);
  }

  configuring(): void {
    if (this.projectAnswers) this.config.set('project', this.projectAnswers);
    if (this.owner !== 'project') this.config.set(this.owner, this.answers);
  }

  writing(): void {
    queueProjectTasks(this);
  }
}

/** What a prompt's `validate` receives, as the value it will answer: a checkbox passes its chosen items. */
export function chosenValues(raw: unknown): unknown {
  if (!Array.isArray(raw)) return raw;
  return raw.map((item: unknown) =>
    item !== null && typeof item === 'object' && 'value' in item ? (item as { value: unknown }).value : item,
  );
}
