import { basename } from 'node:path';
import { isMap as isYamlMap, parseDocument, stringify, type Document } from 'yaml';
import { isDeepStrictEqual } from 'node:util';
import { mergeValues, type MergePath } from './merge-values.js';
import { mergeText } from './merge-text.js';

export type FileFormat = 'yaml' | 'json' | 'text';

export interface FileConflict {
  readonly path: string;
  /** Where in the file: a key path for YAML/JSON, a line for text. */
  readonly where: string;
  readonly ours: string;
  readonly theirs: string;
}

export interface FileMergeInput {
  readonly path: string;
  readonly format: FileFormat;
  /** Last rendering, as kept in the project; undefined on the first run. */
  readonly base: string | undefined;
  /** The user's file on disk now; undefined if it does not exist. */
  readonly ours: string | undefined;
  /** The new rendering. */
  readonly theirs: string;
  readonly preferTheirs: boolean;
}

export interface FileMergeResult {
  /** What to write, or undefined to leave the file as it is (or absent). */
  readonly content: string | undefined;
  readonly conflicts: FileConflict[];
}

export const YAML_OPTIONS = { aliasDuplicateObjects: false, lineWidth: 0 } as const;

export function serialize(format: FileFormat, value: unknown): string {
  // YAML 1.1 rules for quoting: `no`, `yes`, `on` come out quoted, so YAML 1.1 readers (PyYAML) see strings too.
  if (format === 'yaml') return stringify(value, { ...YAML_OPTIONS, version: '1.1' });
  if (format === 'json') return JSON.stringify(value, null, 2) + '\n';
  return String(value);
}

function show(value: unknown): string {
  if (value === undefined) return '(absent)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Files that are sets of patterns, one a line: a file of the user's and the rendering combine line by line. */
const LINE_SET_FILES = new Set(['.gitignore', '.dockerignore']);

/**
 * The user's own ignore file (in a repository data-eng is adding a project to) and the rendering, when there is
 * no earlier rendering to merge against: every line of the user's stays where it is, and the rendering's lines
 * the user's file lacks are appended under one comment. Later re-renders merge three ways as usual.
 */
function unionLines(ours: string, theirs: string): string {
  const have = new Set(ours.split('\n').map((line) => line.trim()));
  const missing = theirs.split('\n').filter((line) => line.trim() !== '' && !have.has(line.trim()));
  if (missing.length === 0) return ours;
  return `${ours.replace(/\n*$/, '\n')}\n# Added by data-eng\n${missing.join('\n')}\n`;
}

/** A YAML line with its trailing blanks dropped and the blanks before a comment made one. */
const lineShape = (line: string): string => line.trimEnd().replace(/(\S)[ \t]+#/g, '$1 #');

/**
 * The YAML library re-spaces the lines it writes out (one blank before a comment, none at the end): each line that
 * is one of the user's, re-spaced, gets the user's spelling back, in order. Kept only if the value is unchanged.
 */
export function keepLineSpelling(rendered: string, original: string): string {
  const spellings = new Map<string, string[]>();
  for (const line of original.split(/\r?\n/)) {
    const shape = lineShape(line);
    spellings.set(shape, [...(spellings.get(shape) ?? []), line]);
  }
  const out = rendered
    .split('\n')
    .map((line) => spellings.get(lineShape(line))?.shift() ?? line)
    .join('\n');
  const parsed = parseDocument(out);
  return parsed.errors.length === 0 && isDeepStrictEqual(parsed.toJS(), parseDocument(rendered).toJS())
    ? out
    : rendered;
}

/** Merge one file three ways: last rendering, the user's file, the new rendering. */
export function mergeFile(input: FileMergeInput): FileMergeResult {
  const { path, base, ours, theirs, preferTheirs } = input;
  if (ours === undefined) {
    // Never written, or deleted by the user: a deletion is an edit and is kept unless the rendering changed.
    if (base === undefined || base === theirs)
      return { content: base === undefined ? theirs : undefined, conflicts: [] };
    const conflicts = [{ path, where: 'whole file', ours: '(deleted)', theirs: 'changed content' }];
    return { content: preferTheirs ? theirs : undefined, conflicts };
  }
  if (ours === theirs) return { content: ours, conflicts: [] };
  if (base === undefined && LINE_SET_FILES.has(basename(path)))
    return { content: unionLines(ours, theirs), conflicts: [] };
  if (input.format === 'text') {
    const merged = mergeText(base ?? '', ours, theirs, preferTheirs);
    return {
      content: merged.text,
      conflicts: merged.conflicts.map((c) => ({
        path,
        where: `line ${c.line}`,
        ours: c.ours,
        theirs: c.theirs,
      })),
    };
  }
  return mergeStructured(input, ours);
}

function mergeStructured(input: FileMergeInput, ours: string): FileMergeResult {
  const { path, format, base, theirs, preferTheirs } = input;
  const parse = (text: string): unknown =>
    format === 'yaml' ? parseDocument(text).toJS() : JSON.parse(text);
  let oursValue: unknown;
  let document: Document | undefined;
  try {
    if (format === 'yaml') {
      document = parseDocument(ours);
      if (document.errors.length > 0) throw document.errors[0];
      oursValue = document.toJS();
    } else {
      oursValue = JSON.parse(ours);
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    const conflicts = [
      { path, where: 'whole file', ours: `unparseable ${format}: ${reason}`, theirs: 'new rendering' },
    ];
    return { content: preferTheirs ? theirs : ours, conflicts };
  }
  const merged = mergeValues(base === undefined ? {} : parse(base), oursValue, parse(theirs), preferTheirs);
  const conflicts = merged.conflicts.map((c) => ({
    path,
    where: c.path.join('.') || '(root)',
    ours: show(c.ours),
    theirs: show(c.theirs),
  }));
  // The rendering's leading comment (what the file is, the notes it carries) follows the rendering while the
  // user has left it as it was rendered; an edited one is theirs.
  const header = document && base !== undefined ? newHeader(document, base, theirs) : undefined;
  if (header !== undefined) document!.commentBefore = header;
  if (isDeepStrictEqual(merged.value, oursValue)) {
    return {
      content: header === undefined ? ours : keepLineSpelling(document!.toString(YAML_OPTIONS), ours),
      conflicts,
    };
  }
  if (document && isYamlMap(document.contents)) {
    // Apply the changes to the user's own document so their comments and layout survive.
    applyChanges(document, [], oursValue, merged.value);
    return { content: keepLineSpelling(document.toString(YAML_OPTIONS), ours), conflicts };
  }
  return { content: serialize(format, merged.value), conflicts };
}

/** The new rendering's leading comment, when it changed and the user's file still has the old one. */
function newHeader(ours: Document, base: string, theirs: string): string | null | undefined {
  const before = parseDocument(base).commentBefore;
  const after = parseDocument(theirs).commentBefore;
  if (after === before || ours.commentBefore !== before) return undefined;
  return after;
}

function isPlainMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function applyChanges(document: Document, path: MergePath, before: unknown, after: unknown): void {
  if (isDeepStrictEqual(before, after)) return;
  if (isPlainMap(before) && isPlainMap(after)) {
    for (const key of Object.keys(before)) {
      if (!(key in after)) document.deleteIn([...path, key]);
    }
    for (const [key, value] of Object.entries(after))
      applyChanges(document, [...path, key], before[key], value);
    return;
  }
  if (after === undefined) document.deleteIn(path);
  else document.setIn(path, document.createNode(after));
}
