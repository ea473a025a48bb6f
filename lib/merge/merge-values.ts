import { isDeepStrictEqual } from 'node:util';

export type MergePath = readonly (string | number)[];

export interface ValueConflict {
  readonly path: MergePath;
  readonly base: unknown;
  /** What the user has now. */
  readonly ours: unknown;
  /** What the generator renders now. */
  readonly theirs: unknown;
}

export interface ValueMergeResult {
  readonly value: unknown;
  readonly conflicts: ValueConflict[];
}

/** `undefined` stands for "absent": a key deleted by the user, or one the rendering no longer has. */
const ABSENT = undefined;

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Three-way merge of plain data (parsed YAML or JSON), key by key.
 * A key the user did not touch takes the new rendering; a key the rendering did not change keeps
 * the user's value; a key both changed differently is a conflict. Arrays are values, not sets:
 * merging list items by position would invent combinations nobody wrote.
 * With `preferTheirs`, conflicts resolve to the new rendering but are still reported.
 */
export function mergeValues(
  base: unknown,
  ours: unknown,
  theirs: unknown,
  preferTheirs = false,
): ValueMergeResult {
  const conflicts: ValueConflict[] = [];
  const value = mergeAt([], base, ours, theirs, conflicts, preferTheirs);
  return { value, conflicts };
}

function mergeAt(
  path: MergePath,
  base: unknown,
  ours: unknown,
  theirs: unknown,
  conflicts: ValueConflict[],
  preferTheirs: boolean,
): unknown {
  if (isDeepStrictEqual(ours, theirs)) return ours;
  if (isDeepStrictEqual(base, ours)) return theirs;
  if (isDeepStrictEqual(base, theirs)) return ours;
  if (isMap(ours) && isMap(theirs)) {
    const baseMap = isMap(base) ? base : {};
    const result: Record<string, unknown> = {};
    const keys = [...Object.keys(ours), ...Object.keys(theirs).filter((key) => !(key in ours))];
    for (const key of keys) {
      const merged = mergeAt([...path, key], baseMap[key], ours[key], theirs[key], conflicts, preferTheirs);
      if (merged !== ABSENT) result[key] = merged;
    }
    return result;
  }
  conflicts.push({ path, base, ours, theirs });
  return preferTheirs ? theirs : ours;
}
