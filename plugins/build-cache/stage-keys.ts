import { createHash } from 'node:crypto';
import { expandVars } from './expand-vars.js';
import {
  findStage,
  parseArgDeclarations,
  splitWords,
  type Instruction,
  type ParsedDockerfile,
  type Stage,
} from './dockerfile-stages.js';

/** Bumped whenever what goes into a key changes, so old keys can never collide with new ones. */
const KEY_VERSION = 'data-eng-build-cache/1';

/** What an external image is: its local image ID, or only its reference (weaker: the tag may move). */
export interface ImageIdentity {
  /** `sha256:...` when the image is in the engine, otherwise `ref:<reference>`. */
  readonly id: string;
  readonly weak: boolean;
}

export interface StageKeyInputs {
  readonly dockerfile: ParsedDockerfile;
  readonly buildArgs: Readonly<Record<string, string>>;
  /** os/arch[/variant] the image is built for. */
  readonly platform: string;
  /** Digest of the context files the given COPY/ADD sources select. */
  readonly contextDigest: (sources: readonly string[]) => string;
  readonly imageIdentity: (reference: string) => Promise<ImageIdentity>;
}

export interface StageKey {
  /** The stage's name, or its index for an unnamed stage. */
  readonly stage: string;
  /** sha256 (hex) of everything that decides this stage's image. */
  readonly key: string;
  /** Why the key may miss a change (a base image known only by its reference, a remote ADD). */
  readonly weakReasons: readonly string[];
  /** Images this stage builds on that the engine lacks: pulling them makes the key strong. */
  readonly missingImages: readonly string[];
}

/** What makes a key weaker, gathered while it is computed. */
interface Weakness {
  readonly reasons: string[];
  readonly images: string[];
}

function platformArgs(platform: string): [string, string][] {
  const [os = '', arch = '', variant = ''] = platform.split('/');
  return [
    ['TARGETPLATFORM', platform],
    ['TARGETOS', os],
    ['TARGETARCH', arch],
    ['TARGETVARIANT', variant],
    ['BUILDPLATFORM', platform],
    ['BUILDOS', os],
    ['BUILDARCH', arch],
    ['BUILDVARIANT', variant],
  ];
}

/** Parse `--mount=type=cache,target=/x,from=deps` options. */
function mountOptions(value: string): Map<string, string> {
  return new Map(
    value.split(',').map((part) => {
      const eq = part.indexOf('=');
      return (eq < 0 ? [part, 'true'] : [part.slice(0, eq), part.slice(eq + 1)]) as [string, string];
    }),
  );
}

/** COPY/ADD sources: every argument but the last, JSON or shell form, variables expanded. */
function copySources(
  instruction: Instruction,
  vars: ReadonlyMap<string, string>,
): { sources: string[]; unresolved: boolean } {
  let words: string[];
  try {
    words = instruction.args.startsWith('[')
      ? (JSON.parse(instruction.args) as string[])
      : splitWords(instruction.args);
  } catch {
    words = splitWords(instruction.args);
  }
  let unresolved = false;
  const sources = words.slice(0, -1).map((word) => {
    const expanded = expandVars(word, vars);
    unresolved ||= expanded.unresolved;
    return expanded.value;
  });
  return { sources, unresolved };
}

/**
 * The key of every stage, in Dockerfile order. A stage's key covers its instructions, the values of the
 * ARGs it declares, the files its COPY/ADD and bind mounts read, the key of the stage it builds on (or
 * the base image's identity), the stages and images it copies from, and the platform. Editing a file
 * changes the keys of exactly the stages that copy it and of the stages built on those.
 */
export async function stageKeys(inputs: StageKeyInputs): Promise<StageKey[]> {
  const { dockerfile, buildArgs } = inputs;
  const globals = new Map<string, string>(platformArgs(inputs.platform));
  for (const { name, defaultValue } of dockerfile.globalArgs) {
    const value =
      buildArgs[name] ?? (defaultValue === undefined ? undefined : expandVars(defaultValue, globals).value);
    if (value !== undefined) globals.set(name, value);
  }
  const keys: StageKey[] = [];
  /** A stage reference gives that stage's key (and its weaknesses), anything else an image identity. */
  const reference = async (ref: string, before: number, weak: Weakness): Promise<string> => {
    const stage = findStage(dockerfile, ref, before);
    if (stage) {
      weak.reasons.push(...keys[stage.index]!.weakReasons);
      weak.images.push(...keys[stage.index]!.missingImages);
      return `stage:${keys[stage.index]!.key}`;
    }
    if (ref === 'scratch') return 'scratch';
    const identity = await inputs.imageIdentity(ref);
    if (identity.weak) {
      weak.reasons.push(`image ${ref} is not in the engine: its reference stands in for its content`);
      weak.images.push(ref);
    }
    return identity.id;
  };

  for (const stage of dockerfile.stages) {
    const weak: Weakness = { reasons: [], images: [] };
    const base = expandVars(stage.base, globals).value;
    const parts: unknown[] = [KEY_VERSION, inputs.platform, expandVars(stage.platform ?? '', globals).value];
    parts.push(['from', await reference(base, stage.index, weak)]);
    parts.push(...(await instructionParts(stage, inputs, globals, reference, weak)));
    keys.push({
      stage: stage.name ?? String(stage.index),
      key: createHash('sha256').update(JSON.stringify(parts)).digest('hex'),
      weakReasons: [...new Set(weak.reasons)],
      missingImages: [...new Set(weak.images)],
    });
  }
  return keys;
}

async function instructionParts(
  stage: Stage,
  inputs: StageKeyInputs,
  globals: ReadonlyMap<string, string>,
  reference: (ref: string, before: number, weak: Weakness) => Promise<string>,
  weak: Weakness,
): Promise<unknown[]> {
  const vars = new Map<string, string>();
  const parts: unknown[] = [];
  for (const instruction of stage.instructions) {
    parts.push(['i', instruction.text]);
    const { keyword } = instruction;
    if (keyword === 'ARG') {
      for (const { name, defaultValue } of parseArgDeclarations(instruction.args)) {
        const value =
          inputs.buildArgs[name] ??
          (defaultValue === undefined ? globals.get(name) : expandVars(defaultValue, vars).value);
        parts.push(['arg', name, value ?? null]);
        if (value !== undefined) vars.set(name, value);
      }
    } else if (keyword === 'ENV') {
      const words = splitWords(instruction.args);
      const pairs = words[0]?.includes('=')
        ? words.map((w) => w.split(/=(.*)/s))
        : [[words[0] ?? '', words.slice(1).join(' ')]];
      for (const [name, value] of pairs) vars.set(name!, expandVars(value ?? '', vars).value);
    } else if (keyword === 'COPY' || keyword === 'ADD') {
      const from = instruction.flags.find((flag) => flag.name === 'from')?.value;
      if (from) {
        parts.push(['copy-from', await reference(expandVars(from, vars).value, stage.index, weak)]);
        continue;
      }
      const { sources, unresolved } = copySources(instruction, vars);
      const remote = sources.filter((source) => /^[a-z]+:\/\//i.test(source) || source.startsWith('git@'));
      if (remote.length) weak.reasons.push(`ADD of ${remote.join(', ')} is fetched at build time`);
      const local = sources.filter((source) => !remote.includes(source));
      // A source with an unset variable cannot be resolved here: depend on the whole context instead.
      parts.push(['copy', inputs.contextDigest(unresolved ? ['.'] : local)]);
    } else if (keyword === 'RUN') {
      for (const flag of instruction.flags.filter((f) => f.name === 'mount')) {
        const mount = mountOptions(flag.value);
        const type = mount.get('type') ?? 'bind';
        const from = mount.get('from');
        if (from)
          parts.push(['mount-from', await reference(expandVars(from, vars).value, stage.index, weak)]);
        else if (type === 'bind') {
          parts.push(['mount', inputs.contextDigest([mount.get('source') ?? mount.get('src') ?? '.'])]);
        }
      }
    }
  }
  return parts;
}
