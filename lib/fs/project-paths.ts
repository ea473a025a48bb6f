import { lstatSync, realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

/**
 * A project file data-eng refuses to touch: a symbolic link (or a folder link on the way) that leads outside
 * the project, or a path that is not inside it. Nothing is read through it or written. Exit code 2.
 */
export class ProjectFileError extends Error {
  override readonly name = 'ProjectFileError';
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * The absolute path of a project file, `rel` relative to the project root, once every part of it that exists
 * is checked: a symbolic link is followed only if it leads to a place inside the project. Throws
 * ProjectFileError naming the link and where it leads otherwise.
 */
export function projectPath(root: string, rel: string): string {
  const base = resolve(root);
  const path = resolve(base, rel);
  if (isAbsolute(rel) || !isInside(base, path)) {
    throw new ProjectFileError(
      `${rel} is not a path inside the project ${base}; data-eng writes only there.`,
    );
  }
  let realBase: string;
  try {
    realBase = realpathSync(base);
  } catch {
    return path; // The project folder does not exist yet: nothing in it can be a link.
  }
  let current = base;
  for (const part of relative(base, path).split(sep).filter(Boolean)) {
    current = join(current, part);
    let isLink: boolean;
    try {
      isLink = lstatSync(current).isSymbolicLink();
    } catch {
      return path; // Neither this part nor anything below it exists yet.
    }
    if (!isLink) continue;
    let target: string;
    try {
      target = realpathSync(current);
    } catch {
      throw new ProjectFileError(
        `${relative(base, current)} is a symbolic link that leads nowhere (or loops); data-eng does not write through it. Remove the link, or replace it with a regular file, and run again.`,
      );
    }
    if (!isInside(realBase, target)) {
      throw new ProjectFileError(
        `${relative(base, current)} is a symbolic link to ${target}, outside the project; data-eng does not read or write through it. Replace the link with a regular file (or folder) and run again.`,
      );
    }
  }
  return path;
}

/** A project file's text, or undefined if it does not exist; refuses links that lead outside the project. */
export async function readProjectFile(root: string, rel: string): Promise<string | undefined> {
  try {
    return await readFile(projectPath(root, rel), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'EISDIR') {
      throw new ProjectFileError(
        `${rel} is a folder where data-eng keeps a file; move the folder away (or rename it) and run again.`,
      );
    }
    throw error;
  }
}
