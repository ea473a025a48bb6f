/** One leaf that differs between two documents: its key path, and each side's value (undefined when absent). */
export interface ValueChange {
  readonly path: readonly string[];
  readonly left: unknown;
  readonly right: unknown;
}

const isMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Every key path whose value differs between two documents, in the left document's key order then the right's.
 * Maps are compared key by key; lists and scalars as whole values, as Helm and the three-way merge treat them.
 */
export function valueDiff(left: unknown, right: unknown, path: readonly string[] = []): ValueChange[] {
  if (isMap(left) && isMap(right)) {
    const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])];
    return keys.flatMap((key) => valueDiff(left[key], right[key], [...path, key]));
  }
  return same(left, right) ? [] : [{ path, left, right }];
}

/**
 * What a Helm values overlay must hold so that `-f base -f overlay` gives `full`: the keys that differ, and null
 * for a key `full` lacks (Helm deletes a key set to null). An empty map when the two are the same.
 */
export function valuesOverlay(
  base: Readonly<Record<string, unknown>>,
  full: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const overlay: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(full)) {
    if (same(base[key], value)) continue;
    overlay[key] = isMap(base[key]) && isMap(value) ? valuesOverlay(base[key], value) : value;
  }
  for (const key of Object.keys(base)) if (!(key in full)) overlay[key] = null;
  return overlay;
}

/** `-f base -f overlay` as Helm merges them: maps key by key, a null deletes, anything else replaces. */
export function applyValuesOverlay(
  base: Readonly<Record<string, unknown>>,
  overlay: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    if (value === null) delete merged[key];
    else merged[key] = isMap(merged[key]) && isMap(value) ? applyValuesOverlay(merged[key], value) : value;
  }
  return merged;
}
