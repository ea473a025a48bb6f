import type { AnswersOf, OptionSpec } from '../plugins/option-spec.js';
import { typeProblem } from './validate-answer.js';
import { ProjectConfigError } from './project-config.js';
import { isComponentName } from '../project/part-names.js';

/** A stored value as its question's type where that is unambiguous: a number in a string, one item for a list. */
function normalise(spec: OptionSpec, value: unknown): unknown {
  if (spec.type === 'number' && typeof value === 'string' && /^-?\d+$/.test(value.trim()))
    return Number(value);
  if (spec.type === 'string[]' && typeof value === 'string') return value === '' ? [] : [value];
  if (spec.type === 'string' && typeof value === 'number') return String(value);
  return value;
}

/**
 * Read stored answers as the table's types. A question the answers lack, or hold as null (a project made before
 * it was asked, or a hand edit), takes the table's default, computed in table order from the answers before it:
 * nothing is restated elsewhere. A value of the wrong type is refused with one sentence naming the answer and the
 * fix. Answers are validated in full when they are given (resolveAnswers); this types and completes them.
 */
export function readAnswers<const T extends readonly OptionSpec[]>(
  options: T,
  answers: Readonly<Record<string, unknown>>,
  owner = 'this part',
): AnswersOf<T> {
  const read: Record<string, unknown> = { ...answers };
  for (const option of options) {
    const stored = read[option.name];
    if (stored === undefined || stored === null) {
      read[option.name] = typeof option.default === 'function' ? option.default(read) : option.default;
      continue;
    }
    const value = normalise(option, stored);
    const problem = typeProblem(option, value);
    if (problem) {
      throw new ProjectConfigError(
        `${owner}.${option.name} in .yo-rc.json is ${JSON.stringify(stored)}; ${problem}. ${
          isComponentName(owner)
            ? `Correct it there, or answer again with data-eng add ${owner} --ask-answered.`
            : 'Correct it there.'
        }`,
      );
    }
    read[option.name] = value;
  }
  return read as AnswersOf<T>;
}
