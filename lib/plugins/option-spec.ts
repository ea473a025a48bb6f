/** What a question's `validate` knows besides the answers. */
export interface ValidateContext {
  readonly stored: boolean;
  readonly dir?: string;
}

/** One question: its answer key, its flag, its default, what it accepts. A table of these drives prompts, flags, validation and docs. */
export interface OptionSpec {
  /** Answer key in .yo-rc.json, camelCase. */
  readonly name: string;
  /** Command-line flag without dashes, unique across the generator; e.g. postgres-version. */
  readonly flag: string;
  readonly type: 'string' | 'number' | 'boolean' | 'string[]';
  /** One line for --help and docs/answers.md. */
  readonly description: string;
  /** The question asked interactively; defaults to the description. */
  readonly message?: string;
  readonly default:
    string | number | boolean | readonly string[] | ((answers: Readonly<Record<string, unknown>>) => unknown);
  /** Allowed values; anything else is rejected with this list. */
  readonly choices?: readonly (string | number)[];
  /**
   * The choices a prompt lists, given the answers before it (e.g. only the Python versions the chosen Airflow
   * publishes). A value outside them is still refused by `validate`, with the reason. On a question without
   * `choices`, these are what the prompt lists (e.g. the plugins installed where the project is), while a flag or
   * the answers file may still give any value `validate` accepts.
   */
  readonly offer?: (
    answers: Readonly<Record<string, unknown>>,
    context: { readonly dir?: string },
  ) => readonly (string | number)[];
  /** For strings: a pattern the value must match, and how to say so. */
  readonly pattern?: RegExp;
  readonly patternHint?: string;
  readonly min?: number;
  readonly max?: number;
  /**
   * For numbers: the answer is a port published on the host. Two such answers of one project may not be equal;
   * the later question says whose port it is and asks again.
   */
  readonly hostPort?: boolean;
  /**
   * Extra validation: return an error sentence, or undefined when the value is fine. `stored` is true when the
   * value is the one .yo-rc.json already holds (a rule for new projects may let an existing one keep it). `dir`
   * is the project's folder when a generator asks (files an answer names are looked for there), undefined when
   * answers are checked without one (`generator-data-eng/testing`).
   */
  readonly validate?: (
    value: unknown,
    answers: Readonly<Record<string, unknown>>,
    context: ValidateContext,
  ) => string | undefined;
  /** Ask only when this returns true for the answers so far; otherwise the default applies. */
  readonly when?: (answers: Readonly<Record<string, unknown>>) => boolean;
}

/** The type of one question's answer: one of its choices, or its declared type. */
export type AnswerOf<S extends OptionSpec> = S['choices'] extends readonly (infer C)[]
  ? S['type'] extends 'string[]'
    ? readonly C[]
    : C
  : S['type'] extends 'string'
    ? string
    : S['type'] extends 'number'
      ? number
      : S['type'] extends 'boolean'
        ? boolean
        : readonly string[];

/** A table's answers, typed from the table itself: every question by its name. */
export type AnswersOf<T extends readonly OptionSpec[]> = {
  readonly [S in T[number] as S['name']]: AnswerOf<S>;
};
