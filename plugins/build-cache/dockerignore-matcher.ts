import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type dockerignore from '@balena/dockerignore';

/** Which context paths the builder sends, by the rules of a .dockerignore file. */
export interface IgnoreMatcher {
  /** sha256 of the rules: decisions cached under one digest hold while the file is unchanged. */
  readonly digest: string;
  /** Whether a context-relative path (forward slashes) is left out of the context. */
  ignores(path: string): boolean;
  /**
   * Whether the walk must still enter an ignored directory because an exception (`!pattern`) could bring
   * something inside it back. This is Docker's own shortcut: an exception counts only if its pattern starts
   * with the directory's path.
   */
  mayReinclude(dir: string): boolean;
}

/** Docker reads `.dockerignore` lines: `#` comments, blanks skipped, `!` exceptions, last match wins. */
export function createIgnoreMatcher(text: string): IgnoreMatcher {
  const lines = text.split(/\r?\n/);
  // Loaded on the first path not decided by the stat cache: an unchanged tree never needs the rules.
  let rules: ReturnType<typeof dockerignore.default> | undefined;
  const load = (): ReturnType<typeof dockerignore.default> => {
    const factory = createRequire(import.meta.url)('@balena/dockerignore') as typeof dockerignore.default;
    // Docker matches case-sensitively on Linux and macOS; the library's default is the other way round.
    return factory({ ignorecase: process.platform === 'win32' }).add(lines);
  };
  const exceptions = lines
    .map((line) => line.trim())
    .filter((line) => line.startsWith('!'))
    .map((line) => line.slice(1).trim().replace(/^\/+/, '').replace(/^\.\//, ''));
  return {
    digest: createHash('sha256').update(text).digest('hex'),
    ignores: (path) => (rules ??= load()).ignores(path),
    mayReinclude: (dir) => exceptions.some((pattern) => `${pattern}/`.startsWith(`${dir}/`)),
  };
}

/** The matcher of the `.dockerignore` at the root of a build context (no file: nothing is ignored). */
export function loadIgnoreMatcher(contextDir: string): IgnoreMatcher {
  let text = '';
  try {
    text = readFileSync(join(contextDir, '.dockerignore'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return createIgnoreMatcher(text);
}
