import { unquote } from './expand-vars.js';

/** One instruction of a Dockerfile, its continuation lines joined and comments removed. */
export interface Instruction {
  /** Upper case: RUN, COPY, ... */
  readonly keyword: string;
  /** Leading `--name=value` flags, e.g. COPY --from=deps or RUN --mount=type=cache,target=/x. */
  readonly flags: readonly { readonly name: string; readonly value: string }[];
  /** What follows the keyword and the flags. */
  readonly args: string;
  /** The whole instruction as the builder reads it; it goes into the stage's key verbatim. */
  readonly text: string;
  /** 1-based line where the instruction starts. */
  readonly line: number;
}

export interface ArgDeclaration {
  readonly name: string;
  /** The default, unexpanded; undefined for `ARG NAME`. */
  readonly defaultValue?: string;
}

/** A build stage: from one FROM to the next. */
export interface Stage {
  readonly index: number;
  /** The `AS name`, lower-cased as the builder does; undefined for an unnamed stage. */
  readonly name?: string;
  /** The FROM image or stage reference, unexpanded. */
  readonly base: string;
  readonly platform?: string;
  readonly instructions: readonly Instruction[];
}

export interface ParsedDockerfile {
  /** ARGs before the first FROM: usable in FROM lines and redeclared inside stages. */
  readonly globalArgs: readonly ArgDeclaration[];
  readonly stages: readonly Stage[];
}

const DIRECTIVE = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/;

/** Split on whitespace outside single or double quotes. */
export function splitWords(text: string): string[] {
  return text.match(/(?:"(?:\\.|[^"\\])*"|'[^']*'|\S)+/g) ?? [];
}

/** Parse `ARG A=1 B` into declarations. */
export function parseArgDeclarations(args: string): ArgDeclaration[] {
  return splitWords(args).map((word) => {
    const eq = word.indexOf('=');
    return eq < 0 ? { name: word } : { name: word.slice(0, eq), defaultValue: unquote(word.slice(eq + 1)) };
  });
}

function splitFlags(rest: string): { flags: Instruction['flags']; args: string } {
  const flags: { name: string; value: string }[] = [];
  let args = rest;
  for (;;) {
    const match = /^--([a-zA-Z-]+)(?:=((?:"[^"]*"|\S)*))?\s*/.exec(args);
    if (!match) break;
    flags.push({ name: match[1]!.toLowerCase(), value: unquote(match[2] ?? '') });
    args = args.slice(match[0].length);
  }
  return { flags, args: args.trim() };
}

/** Join continuation lines and drop comments and parser directives, as BuildKit's parser does. */
function logicalLines(text: string): { text: string; line: number }[] {
  const lines = text.split(/\r?\n/);
  let escape = '\\';
  let start = 0;
  for (; start < lines.length; start++) {
    const directive = DIRECTIVE.exec(lines[start]!);
    if (!directive) break;
    if (directive[1]!.toLowerCase() === 'escape') escape = directive[2]!;
  }
  const continuation = new RegExp(`${escape === '`' ? '`' : '\\\\'}[ \\t]*$`);
  const out: { text: string; line: number }[] = [];
  let pending: { text: string; line: number } | undefined;
  for (let i = start; i < lines.length; i++) {
    const raw = lines[i]!;
    if (/^\s*#/.test(raw) || (pending === undefined && raw.trim() === '')) continue;
    if (pending !== undefined && raw.trim() === '') continue;
    const continues = continuation.test(raw);
    const piece = continues ? raw.replace(continuation, '') : raw;
    pending = pending ? { text: pending.text + piece, line: pending.line } : { text: piece, line: i + 1 };
    if (!continues) {
      out.push({ text: pending.text.trim(), line: pending.line });
      pending = undefined;
    }
  }
  if (pending && pending.text.trim()) out.push({ text: pending.text.trim(), line: pending.line });
  return out;
}

/**
 * Parse a Dockerfile into its global ARGs and its stages. Only what decides an image is kept: each
 * instruction's text, its flags and arguments. Throws when the file has no FROM.
 */
export function parseDockerfile(text: string, file = 'Dockerfile'): ParsedDockerfile {
  const globalArgs: ArgDeclaration[] = [];
  const stages: {
    index: number;
    name?: string;
    base: string;
    platform?: string;
    instructions: Instruction[];
  }[] = [];
  for (const { text: line, line: number } of logicalLines(text)) {
    const match = /^(\S+)\s*([\s\S]*)$/.exec(line)!;
    const keyword = match[1]!.toUpperCase();
    const { flags, args } = splitFlags(match[2]!);
    if (keyword === 'FROM') {
      const words = splitWords(args);
      const asIndex = words.findIndex((word) => word.toLowerCase() === 'as');
      const platform = flags.find((flag) => flag.name === 'platform')?.value;
      stages.push({
        index: stages.length,
        base: words[0] ?? '',
        ...(asIndex > 0 && words[asIndex + 1] ? { name: words[asIndex + 1]!.toLowerCase() } : {}),
        ...(platform ? { platform } : {}),
        instructions: [],
      });
      continue;
    }
    const current = stages.at(-1);
    if (!current) {
      if (keyword === 'ARG') globalArgs.push(...parseArgDeclarations(args));
      continue;
    }
    current.instructions.push({ keyword, flags, args, text: line, line: number });
  }
  if (stages.length === 0) {
    throw new Error(`${file} has no FROM instruction; start it with FROM <image> AS <stage>.`);
  }
  return { globalArgs, stages };
}

/** Find a stage by the name or index a FROM, COPY --from or RUN --mount from= uses; only earlier stages count. */
export function findStage(dockerfile: ParsedDockerfile, ref: string, before: number): Stage | undefined {
  const lower = ref.toLowerCase();
  const earlier = dockerfile.stages.slice(0, before);
  return (
    earlier.find((stage) => stage.name === lower) ?? (/^\d+$/.test(ref) ? earlier[Number(ref)] : undefined)
  );
}
