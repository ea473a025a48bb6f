import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { promisify } from 'node:util';

/** Folders that hold tools' state, never a team's files. */
const SKIPPED = new Set([
  '.git',
  'node_modules',
  '.venv',
  'venv',
  '__pycache__',
  '.mypy_cache',
  '.ruff_cache',
]);

async function walk(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    if (SKIPPED.has(entry.name)) continue;
    const rel = prefix ? posix.join(prefix, entry.name) : entry.name;
    if (entry.isDirectory()) out.push(...(await walk(dir, rel)));
    else if (entry.isFile() || entry.isSymbolicLink()) out.push(rel);
  }
  return out;
}

/**
 * The project's own files, relative and sorted: in a git repository what git tracks or would add (ignored files
 * left out), elsewhere every file but tools' state.
 */
export async function listProjectFiles(dir: string): Promise<string[]> {
  if (existsSync(join(dir, '.git'))) {
    try {
      const { stdout } = await promisify(execFile)(
        'git',
        ['-C', dir, 'ls-files', '-z', '--cached', '--others', '--exclude-standard'],
        { maxBuffer: 64 * 1024 * 1024 },
      );
      const files = stdout.split('\0').filter(Boolean);
      // A tracked file already deleted from the folder is not there to adopt.
      return [...new Set(files)].filter((file) => existsSync(join(dir, file))).sort();
    } catch {
      // No git on PATH: read the folder.
    }
  }
  return (await walk(dir)).sort();
}

/** Whether git tracks a file of the project (false without git or a repository). */
export async function isTracked(dir: string, path: string): Promise<boolean> {
  if (!existsSync(join(dir, '.git'))) return false;
  try {
    await promisify(execFile)('git', ['-C', dir, 'ls-files', '--error-unmatch', '--', path]);
    return true;
  } catch {
    return false;
  }
}

/** Whether a project path is a symbolic link (never followed to be rewritten). */
export async function isLink(dir: string, path: string): Promise<boolean> {
  try {
    return (await lstat(join(dir, path))).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * Which of `paths` (files not written yet) the project's .gitignore files hide from git, and the folders on their
 * way that are hidden; nothing without git or a repository.
 */
export async function ignoredByGit(
  dir: string,
  paths: readonly string[],
): Promise<{ files: string[]; dirs: string[] }> {
  if (paths.length === 0 || !existsSync(join(dir, '.git'))) return { files: [], dirs: [] };
  const folders = [
    ...new Set(
      paths.flatMap((path) =>
        path
          .split('/')
          .slice(0, -1)
          .map((_, i, parts) => `${parts.slice(0, i + 1).join('/')}/`),
      ),
    ),
  ];
  const asked = [...paths, ...folders];
  const ignored = await new Promise<Set<string>>((resolve) => {
    const child = execFile('git', ['-C', dir, 'check-ignore', '--no-index', '--stdin'], (_error, stdout) =>
      resolve(
        new Set(
          String(stdout ?? '')
            .split('\n')
            .filter(Boolean),
        ),
      ),
    );
    child.stdin?.end(asked.join('\n') + '\n');
  });
  return { files: paths.filter((p) => ignored.has(p)), dirs: folders.filter((f) => ignored.has(f)) };
}

/** .gitignore lines that bring back exactly those files: each hidden folder opened, its other contents still hidden. */
export function unignoreLines(hidden: { files: readonly string[]; dirs: readonly string[] }): string[] {
  return [
    ...hidden.dirs.flatMap((folder) => [`!/${folder}`, `/${folder}*`]),
    ...hidden.files.map((file) => `!/${file}`),
  ];
}
