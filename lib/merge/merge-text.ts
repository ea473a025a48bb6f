import { diff3Merge } from 'node-diff3';

export interface TextConflict {
  /** 1-based line in the user's file where the conflicting region starts. */
  readonly line: number;
  readonly ours: string;
  readonly base: string;
  readonly theirs: string;
}

export interface TextMergeResult {
  readonly text: string;
  readonly conflicts: TextConflict[];
}

interface Diff3Region {
  ok?: string[];
  conflict?: { a: string[]; aIndex: number; o: string[]; b: string[] };
}

function lines(text: string): string[] {
  return text.split('\n');
}

/** Line-based three-way merge (diff3) of a text file; conflicting regions keep the user's lines unless preferTheirs. */
export function mergeText(base: string, ours: string, theirs: string, preferTheirs = false): TextMergeResult {
  if (ours === theirs) return { text: ours, conflicts: [] };
  if (base === ours) return { text: theirs, conflicts: [] };
  if (base === theirs) return { text: ours, conflicts: [] };
  const conflicts: TextConflict[] = [];
  const out: string[] = [];
  const regions = diff3Merge(lines(ours), lines(base), lines(theirs), {
    excludeFalseConflicts: true,
  }) as Diff3Region[];
  for (const region of regions) {
    if (region.ok) {
      out.push(...region.ok);
      continue;
    }
    const { a, aIndex, o, b } = region.conflict!;
    conflicts.push({ line: aIndex + 1, ours: a.join('\n'), base: o.join('\n'), theirs: b.join('\n') });
    out.push(...(preferTheirs ? b : a));
  }
  return { text: out.join('\n'), conflicts };
}
