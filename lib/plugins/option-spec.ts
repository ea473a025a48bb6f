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
  /** For strings: a pattern the value must match, and how to say so. */
  readonly pattern?: RegExp;
  readonly patternHint?: string;
  readonly min?: number;
  readonly max?: number;
  /**
   * Extra validation: return an error sentence, or undefined when the value is fine. `stored` is true when the
   * value is the one .yo-rc.json already holds (a rule for new projects may let an existing one keep it).
   */
  readonly validate?: (
    value: unknown,
    answers: Readonly<Record<string, unknown>>,
    context: { readonly stored: boolean },
  ) => string | undefined;
  /** Ask only when this returns true for the answers so far; otherwise the default applies. */
  readonly when?: (answers: Readonly<Record<string, unknown>>) => boolean;
}
