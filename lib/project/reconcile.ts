import { stat } from 'node:fs/promises';
import { projectPath, readProjectFile } from '../fs/project-paths.js';
import type { FileConflict } from '../merge/merge-file.js';
import { mergeFile } from '../merge/merge-file.js';
import type { RenderedFile } from './render-project.js';

import { ProjectConfigError, RENDERED_RECORD } from '../config/project-config.js';

export { RENDERED_RECORD };

export interface FileWrite {
  readonly path: string;
  /** undefined deletes the file. */
  readonly content: string | undefined;
  readonly mode?: number;
}

export interface Reconciliation {
  readonly writes: FileWrite[];
  readonly conflicts: FileConflict[];
  /** Files no longer generated that the user edited: kept as they are. */
  readonly kept: string[];
  /** The new record of renderings, to be written with the files. */
  readonly record: string;
  /** Whether the record differs from the one in the project. */
  readonly recordChanged: boolean;
  /** The record as it was before this rendering: what the last run rendered, file by file. */
  readonly previous: Readonly<Record<string, string>>;
}

async function modeOf(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}

export async function readRenderedRecord(projectDir: string): Promise<Record<string, string>> {
  const text = await readProjectFile(projectDir, RENDERED_RECORD);
  if (text === undefined) return {};
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch {
    record = undefined;
  }
  const valid =
    typeof record === 'object' &&
    record !== null &&
    !Array.isArray(record) &&
    Object.values(record).every((value) => typeof value === 'string');
  if (!valid) {
    throw new ProjectConfigError(
      `${RENDERED_RECORD} is not a JSON object of file renderings; restore it with git checkout -- ${RENDERED_RECORD}, or delete it to treat every file as new.`,
    );
  }
  return record as Record<string, string>;
}

/**
 * Merge each rendered file with the user's copy, against the last rendering.
 * Files no longer rendered (a removed plugin's) are deleted only if the user never edited them.
 */
export async function reconcile(
  projectDir: string,
  files: readonly RenderedFile[],
  options: { preferTheirs: boolean },
): Promise<Reconciliation> {
  const previous = await readRenderedRecord(projectDir);
  const writes: FileWrite[] = [];
  const conflicts: FileConflict[] = [];
  const kept: string[] = [];
  const record: Record<string, string> = {};
  for (const file of files) {
    const ours = await readProjectFile(projectDir, file.path);
    const result = mergeFile({
      path: file.path,
      format: file.format,
      base: previous[file.path],
      ours,
      theirs: file.content,
      preferTheirs: options.preferTheirs,
    });
    conflicts.push(...result.conflicts);
    record[file.path] = file.content;
    if (result.content === undefined) continue;
    const modeChanged =
      file.mode !== undefined &&
      ours !== undefined &&
      (await modeOf(projectPath(projectDir, file.path))) !== file.mode;
    if (result.content !== ours || modeChanged) {
      writes.push({ path: file.path, content: result.content, ...(file.mode ? { mode: file.mode } : {}) });
    }
  }
  const rendered = new Set(files.map((file) => file.path));
  for (const [path, base] of Object.entries(previous)) {
    if (rendered.has(path)) continue;
    const ours = await readProjectFile(projectDir, path);
    if (ours === undefined) continue;
    if (ours === base) writes.push({ path, content: undefined });
    else kept.push(path);
  }
  const text = recordText(record);
  return {
    writes,
    conflicts,
    kept,
    record: text,
    recordChanged: text !== JSON.stringify(previous, null, 2) + '\n',
    previous,
  };
}

/** The rendering record's text: each path's rendering, in code-unit order (the same on every machine). */
function recordText(record: Readonly<Record<string, string>>): string {
  const sorted = Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return JSON.stringify(sorted, null, 2) + '\n';
}

/** The rendering record of a set of rendered files, as reconcile writes it (the base of the next merge). */
export function renderedRecordText(files: readonly RenderedFile[]): string {
  return recordText(Object.fromEntries(files.map((file) => [file.path, file.content])));
}

/** The conflicts as one readable report: per file, each key with both sides. */
export function formatConflicts(conflicts: readonly FileConflict[]): string {
  const files = [...new Set(conflicts.map((c) => c.path))];
  const indent = (text: string): string => text.replaceAll('\n', '\n           ');
  return files
    .map((path) =>
      [
        `  ${path}`,
        ...conflicts
          .filter((c) => c.path === path)
          .map((c) => `    at ${c.where}:\n      yours: ${indent(c.ours)}\n      new:   ${indent(c.theirs)}`),
      ].join('\n'),
    )
    .join('\n');
}
