import type { OptionSpec } from '../plugins/option-spec.js';
import { coerceAnswer, validateAnswer } from './validate-answer.js';

type Answers = Record<string, unknown>;

export interface AnswerSources {
  /** Command-line flags, keyed by flag name. */
  readonly flags: Readonly<Record<string, unknown>>;
  /** From --answers FILE, for this owner. */
  readonly file: Readonly<Answers>;
  /** Already in .yo-rc.json, for this owner. */
  readonly stored: Readonly<Answers>;
}

export interface ResolveMode {
  /** --defaults: every unanswered question takes its default. */
  readonly defaults: boolean;
  /** Ask unanswered questions; when false and not --defaults, a missing answer is an error. */
  readonly interactive: boolean;
}

/**
 * Ask one question. `check` says what is wrong with a typed value (the same sentence a flag would get), or
 * undefined: a prompt shows it and asks again instead of ending the run.
 */
export type Ask = (
  spec: OptionSpec,
  defaultValue: unknown,
  answers: Readonly<Answers>,
  check: (raw: unknown) => string | undefined,
) => Promise<unknown>;

export class AnswerError extends Error {
  override readonly name = 'AnswerError';
}

export function defaultFor(spec: OptionSpec, answers: Readonly<Answers>): unknown {
  return typeof spec.default === 'function' ? spec.default(answers) : spec.default;
}

/**
 * Resolve one owner's answers: flag, then answers file, then .yo-rc.json, then the prompt or the default.
 * Every value is validated, whatever its source, before anything is written.
 */
export async function resolveAnswers(
  owner: string,
  specs: readonly OptionSpec[],
  sources: AnswerSources,
  mode: ResolveMode,
  ask: Ask,
): Promise<Answers> {
  const answers: Answers = {};
  for (const spec of specs) {
    const given = sources.flags[spec.flag] ?? sources.file[spec.name] ?? sources.stored[spec.name];
    let value: unknown;
    if (given !== undefined) {
      value = coerceAnswer(spec, given);
    } else if (mode.defaults || (spec.when && !spec.when(answers))) {
      value = defaultFor(spec, answers);
    } else if (mode.interactive) {
      const check = (raw: unknown) => validateAnswer(owner, spec, coerceAnswer(spec, raw), answers);
      value = coerceAnswer(spec, await ask(spec, defaultFor(spec, answers), answers, check));
    } else {
      throw new AnswerError(
        `Missing answer ${owner}.${spec.name} (${spec.description}) and no terminal to ask: pass --${spec.flag}, --defaults, or --answers FILE.`,
      );
    }
    const stored = sources.stored[spec.name];
    const problem = validateAnswer(owner, spec, value, answers, {
      stored: stored !== undefined && JSON.stringify(stored) === JSON.stringify(value),
    });
    if (problem) throw new AnswerError(problem);
    answers[spec.name] = value;
  }
  return answers;
}
