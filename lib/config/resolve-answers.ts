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
  /**
   * --ask-answered: at a terminal, ask again what .yo-rc.json already answers, its stored answer as the default.
   * Flags and the answers file still answer without asking.
   */
  readonly askAnswered?: boolean;
  /** The project's folder, for questions whose answer names a file or a package (ValidateContext.dir). */
  readonly dir?: string;
  /**
   * Host ports other questions of this project hold, by port: `owner.name (--flag)`. A `hostPort` answer equal to
   * one of them is refused (and asked again at a terminal); each one resolved here is added.
   */
  readonly hostPorts?: Map<number, string>;
}

/** Who holds a host port, as the port sentences name it: `owner.name (--flag)`. */
const portHolder = (owner: string, spec: OptionSpec): string => `${owner}.${spec.name} (--${spec.flag})`;

/**
 * The host ports stored answers hold, for a run that asks only some owners' questions (`plugins add`): the
 * others keep theirs, so a port they hold is refused at the new question. An unanswered port takes its default.
 */
export function heldHostPorts(
  owners: Iterable<{
    readonly owner: string;
    readonly specs: readonly OptionSpec[];
    readonly answers: Answers;
  }>,
): Map<number, string> {
  const held = new Map<number, string>();
  for (const { owner, specs, answers } of owners)
    for (const spec of specs) {
      if (!spec.hostPort) continue;
      const value = answers[spec.name] ?? defaultFor(spec, answers);
      if (typeof value === 'number') held.set(value, portHolder(owner, spec));
    }
  return held;
}

/** The sentence for a host port another question holds; undefined when the port is free. */
function portTaken(
  owner: string,
  spec: OptionSpec,
  value: unknown,
  taken?: Map<number, string>,
): string | undefined {
  if (!spec.hostPort || typeof value !== 'number') return undefined;
  const holder = taken?.get(value);
  const self = portHolder(owner, spec);
  return holder && holder !== self
    ? `Invalid ${self}: ${value}; host port ${value} is already ${holder}'s: choose another port.`
    : undefined;
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

const sameAnswer = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * The choices a prompt lists after the answers before it: the choices `offer` keeps, or every choice; on a
 * question without choices, what `offer` lists (none without it: the answer is typed).
 */
export function offeredChoices(
  spec: OptionSpec,
  answers: Readonly<Answers>,
  context: { readonly dir?: string } = {},
): readonly (string | number)[] {
  if (!spec.choices) return spec.offer ? spec.offer(answers, context) : [];
  const offered = spec.offer?.(answers, context);
  return offered ? spec.choices.filter((choice) => offered.includes(choice)) : spec.choices;
}

export function defaultFor(spec: OptionSpec, answers: Readonly<Answers>): unknown {
  return typeof spec.default === 'function' ? spec.default(answers) : spec.default;
}

/**
 * The one earlier answer that would make a question apply, as its flag (`--grafana`, `--kerberos keytab`): each
 * earlier yes/no or choice question tried with each of its values. Undefined when no single answer does.
 */
function enablingFlag(
  spec: OptionSpec,
  earlier: readonly OptionSpec[],
  answers: Readonly<Answers>,
): string | undefined {
  if (!spec.when) return undefined;
  for (const other of earlier) {
    const values: readonly unknown[] =
      other.type === 'boolean' ? [true, false] : other.type === 'string[]' ? [] : (other.choices ?? []);
    for (const value of values) {
      if (sameAnswer(value, answers[other.name]) || !spec.when({ ...answers, [other.name]: value })) continue;
      // An answer the others refuse in turn is no way out.
      if (validateAnswer('', other, value, answers, { stored: false }) !== undefined) continue;
      if (value === true) return `--${other.flag}`;
      if (value === false) return `--no-${other.flag}`;
      return `--${other.flag} ${String(value)}`;
    }
  }
  return undefined;
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
  for (const [index, spec] of specs.entries()) {
    const flagged = sources.flags[spec.flag];
    if (flagged !== undefined && spec.when && !spec.when(answers)) {
      // A flag for a question these answers skip would be stored and never used. The question's own rule says why
      // best when it has one; else name the answer it needs.
      const own = validateAnswer(owner, spec, coerceAnswer(spec, flagged), answers, { stored: false });
      if (own) throw new AnswerError(own);
      const needs = enablingFlag(spec, specs.slice(0, index), answers);
      const given =
        flagged === false || flagged === 'false'
          ? `--no-${spec.flag}`
          : flagged === true || flagged === 'true'
            ? `--${spec.flag}`
            : `--${spec.flag} ${String(flagged)}`;
      throw new AnswerError(
        `${given} does not apply with the other answers given${needs ? `: it needs ${needs}` : ''}; ${needs ? `add ${needs}, or drop --${spec.flag}` : `drop --${spec.flag}`}.`,
      );
    }
    const reask = Boolean(mode.askAnswered && mode.interactive) && sources.stored[spec.name] !== undefined;
    const given =
      sources.flags[spec.flag] ?? sources.file[spec.name] ?? (reask ? undefined : sources.stored[spec.name]);
    let value: unknown;
    if (given !== undefined) {
      value = coerceAnswer(spec, given);
    } else if (!reask && (mode.defaults || (spec.when && !spec.when(answers)))) {
      value = defaultFor(spec, answers);
    } else if (mode.interactive && (!spec.when || spec.when(answers))) {
      const storedValue = sources.stored[spec.name];
      const check = (raw: unknown) =>
        validateAnswer(owner, spec, coerceAnswer(spec, raw), answers, {
          stored: storedValue !== undefined && sameAnswer(storedValue, coerceAnswer(spec, raw)),
          ...(mode.dir ? { dir: mode.dir } : {}),
        }) ?? portTaken(owner, spec, coerceAnswer(spec, raw), mode.hostPorts);
      const offered = storedValue ?? defaultFor(spec, answers);
      value = coerceAnswer(spec, await ask(spec, offered, answers, check));
    } else if (reask) {
      value = coerceAnswer(spec, sources.stored[spec.name]);
    } else {
      throw new AnswerError(
        `Missing answer ${owner}.${spec.name} (${spec.description}) and no terminal to ask: pass --${spec.flag}, --defaults, or --answers FILE.`,
      );
    }
    const stored = sources.stored[spec.name];
    const problem = validateAnswer(owner, spec, value, answers, {
      stored: stored !== undefined && sameAnswer(stored, value),
      ...(mode.dir ? { dir: mode.dir } : {}),
    });
    const taken = problem ?? portTaken(owner, spec, value, mode.hostPorts);
    if (taken) throw new AnswerError(taken);
    answers[spec.name] = value;
    if (spec.hostPort && typeof value === 'number' && mode.hostPorts) {
      const self = portHolder(owner, spec);
      for (const [port, holder] of mode.hostPorts) if (holder === self) mode.hostPorts.delete(port);
      mode.hostPorts.set(value, self);
    }
  }
  return answers;
}
