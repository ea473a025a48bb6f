import * as z from 'zod/mini';
import type { OptionSpec, ValidateContext } from '../plugins/option-spec.js';

type Answers = Readonly<Record<string, unknown>>;

function baseSchema(spec: OptionSpec): z.ZodMiniType {
  switch (spec.type) {
    case 'boolean':
      return z.boolean();
    case 'number':
      return z
        .int()
        .check(
          ...(spec.min !== undefined ? [z.gte(spec.min)] : []),
          ...(spec.max !== undefined ? [z.lte(spec.max)] : []),
        );
    case 'string[]':
      return z.array(z.string());
    case 'string':
      return spec.pattern ? z.string().check(z.regex(spec.pattern)) : z.string();
  }
}

function describeAllowed(spec: OptionSpec): string {
  if (spec.choices) return `choose one of: ${spec.choices.join(', ')}`;
  if (spec.type === 'number') {
    const range = [
      spec.min !== undefined ? `at least ${spec.min}` : '',
      spec.max !== undefined ? `at most ${spec.max}` : '',
    ]
      .filter(Boolean)
      .join(' and ');
    return `use a whole number${range ? ` ${range}` : ''}`;
  }
  if (spec.type === 'boolean') return 'use true or false';
  if (spec.type === 'string[]') return 'use a list of strings';
  return spec.patternHint ?? (spec.pattern ? `it must match ${spec.pattern}` : 'use a string');
}

/** What is wrong with a value's type or range for its option (without the option's own rule), or undefined. */
export function typeProblem(spec: OptionSpec, value: unknown): string | undefined {
  if (!baseSchema(spec).safeParse(value).success) return describeAllowed(spec);
  const items = Array.isArray(value) ? value : [value];
  if (spec.choices && items.some((item) => !spec.choices!.includes(item as string | number)))
    return describeAllowed(spec);
  return undefined;
}

/**
 * Check one answer against its option. Returns one sentence naming the answer, the bad value and the fix,
 * or undefined when the value is fine.
 */
export function validateAnswer(
  owner: string,
  spec: OptionSpec,
  value: unknown,
  answers: Answers,
  context: ValidateContext = { stored: false },
): string | undefined {
  const label = `${owner}.${spec.name} (--${spec.flag})`;
  const shown = JSON.stringify(value);
  const wrong = typeProblem(spec, value);
  if (wrong) return `Invalid ${label}: ${shown}; ${wrong}.`;
  const custom = spec.validate?.(value, answers, context);
  return custom ? `Invalid ${label}: ${shown}; ${custom}` : undefined;
}

/** Turn a command-line string into the option's type; leaves non-strings alone. */
export function coerceAnswer(spec: OptionSpec, raw: unknown): unknown {
  if (typeof raw !== 'string') {
    if (spec.type === 'string' && typeof raw === 'number') return String(raw);
    return raw;
  }
  switch (spec.type) {
    case 'number':
      return /^-?\d+$/.test(raw.trim()) ? Number(raw) : raw;
    case 'boolean':
      return raw === 'true' ? true : raw === 'false' ? false : raw;
    case 'string[]':
      return raw
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
    case 'string':
      return raw;
  }
}
