/**
 * A tiny Dockerfile parser for assertions: joins continuation lines, drops comments, splits each
 * instruction into its keyword, its --flags and the rest. Enough to assert stages, ARGs, COPY sources and
 * RUN --mount options without grepping the text.
 */
export interface Instruction {
  readonly keyword: string;
  /** --name=value flags, in order; a flag may repeat (RUN --mount). */
  readonly flags: readonly { readonly name: string; readonly value: string }[];
  /** What follows the flags, continuation lines joined with a space. */
  readonly args: string;
  readonly line: number;
}

export interface Stage {
  readonly name: string | undefined;
  readonly base: string;
  readonly instructions: readonly Instruction[];
}

export interface Dockerfile {
  /** Instructions before the first FROM (ARGs). */
  readonly preamble: readonly Instruction[];
  readonly stages: readonly Stage[];
  /** The first line, kept to check for a `# syntax=` directive. */
  readonly firstLine: string;
}

function splitFlags(rest: string): { flags: Instruction['flags']; args: string } {
  const flags: { name: string; value: string }[] = [];
  let remaining = rest.trimStart();
  for (
    let match = /^--([a-z-]+)(?:=(\S*))?\s*/.exec(remaining);
    match;
    match = /^--([a-z-]+)(?:=(\S*))?\s*/.exec(remaining)
  ) {
    flags.push({ name: match[1]!, value: match[2] ?? '' });
    remaining = remaining.slice(match[0].length);
  }
  return { flags, args: remaining.trim() };
}

export function parseDockerfile(text: string): Dockerfile {
  const instructions: Instruction[] = [];
  let pending = '';
  let start = 0;
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\r$/, '');
    if (pending === '' && /^\s*(#|$)/.test(line)) return;
    if (pending !== '' && /^\s*#/.test(line)) return;
    if (pending === '') start = index + 1;
    const continued = /\\\s*$/.test(line);
    pending += (pending ? ' ' : '') + line.replace(/\\\s*$/, '').trim();
    if (continued) return;
    const [, keyword = '', rest = ''] = /^(\S+)\s*(.*)$/.exec(pending) ?? [];
    instructions.push({ keyword: keyword.toUpperCase(), ...splitFlags(rest), line: start });
    pending = '';
  });
  const preamble: Instruction[] = [];
  const stages: { name: string | undefined; base: string; instructions: Instruction[] }[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [base = '', as, name] = instruction.args.split(/\s+/);
      stages.push({ name: as?.toUpperCase() === 'AS' ? name : undefined, base, instructions: [] });
    } else if (stages.length === 0) {
      preamble.push(instruction);
    } else {
      stages.at(-1)!.instructions.push(instruction);
    }
  }
  return { preamble, stages, firstLine: text.split('\n')[0] ?? '' };
}

/** Names declared by ARG instructions, with their defaults (undefined when there is none). */
export function argsOf(instructions: readonly Instruction[]): Record<string, string | undefined> {
  return Object.fromEntries(
    instructions
      .filter((instruction) => instruction.keyword === 'ARG')
      .map((instruction) => {
        const [name = '', ...value] = instruction.args.split('=');
        return [name, value.length > 0 ? value.join('=') : undefined];
      }),
  );
}

/** A --mount flag's options as a record: type=cache,target=/x,uid=1 → { type, target, uid }. */
export function mountOptions(value: string): Record<string, string> {
  return Object.fromEntries(value.split(',').map((pair) => pair.split('=') as [string, string]));
}

export function stage(dockerfile: Dockerfile, name: string): Stage {
  const found = dockerfile.stages.find((candidate) => candidate.name === name);
  if (!found)
    throw new Error(
      `Dockerfile has no stage "${name}"; it has ${dockerfile.stages.map((s) => s.name).join(', ')}.`,
    );
  return found;
}
