import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, lstat, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';

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

/** Every .gitignore file in the project, ignored ones too (a folder adoption un-ignores brings its own back). */
export async function gitignoreFiles(dir: string): Promise<string[]> {
  return (await walk(dir)).filter((path) => posix.basename(path) === '.gitignore').sort();
}

/**
 * The project is in a state adoption will not write over: a .env git tracks, a link where it writes a file, a file
 * where it needs a folder (or the other way round), a repository git will not read. Exit code 2; nothing written.
 */
export class AdoptionBlockedError extends Error {
  override readonly name = 'AdoptionBlockedError';
}

/**
 * Run git in the project; undefined when there is no git on PATH. Any other failure (git refusing a folder another
 * user owns, a damaged repository) stops adoption: what git tracks decides what is safe to write, so it is never
 * guessed. `allowed` lists the exit codes that are answers, not failures.
 */
export async function gitInProject(
  dir: string,
  args: readonly string[],
  input?: string,
  allowed: readonly number[] = [],
): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      ['-C', dir, ...args],
      { maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return resolve(undefined);
        if (typeof code === 'number' && allowed.includes(code)) return resolve(stdout);
        const said = String(stderr || error.message)
          .split('\n')
          .map((line) => line.replace(/^(fatal|error): /, '').trim())
          .find(Boolean);
        reject(
          new AdoptionBlockedError(
            `git cannot read the repository in ${dir} (${said ?? 'no reason given'}); run data-eng adopt as the folder's owner, or fix what git reports, and run again. Nothing was written.`,
          ),
        );
      },
    );
    // git may exit before reading its input (a command that takes none, or one that fails at once); the write then
    // fails with EPIPE, which says nothing the exit status does not, so it is not an error of its own.
    child.stdin?.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') reject(error);
    });
    child.stdin?.end(input ?? '');
  });
}

/**
 * The project's own files, relative and sorted: in a git repository what git tracks or would add (ignored files
 * left out), elsewhere every file but tools' state.
 */
export async function listProjectFiles(dir: string): Promise<string[]> {
  if (existsSync(join(dir, '.git'))) {
    const stdout = await gitInProject(dir, ['ls-files', '-z', '--cached', '--others', '--exclude-standard']);
    if (stdout !== undefined) {
      const files = stdout.split('\0').filter(Boolean);
      // A tracked file already deleted from the folder is not there to adopt.
      return [...new Set(files)].filter((file) => existsSync(join(dir, file))).sort();
    }
  }
  return (await walk(dir)).sort();
}

/** Whether git tracks a file of the project (false without git or a repository). */
export async function isTracked(dir: string, path: string): Promise<boolean> {
  if (!existsSync(join(dir, '.git'))) return false;
  return Boolean(await gitInProject(dir, ['ls-files', '-z', '--', path]));
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
 * Which of `paths` (files, relative) git would ignore in a repository whose folders exist on disk, and the folders
 * on their way that it ignores (`conf/env/`), each with the ignore file that decides it. A folder is asked by its
 * name, which git matches against folder-only patterns (`env/`) because the folder exists.
 */
async function ignoredByGit(
  dir: string,
  paths: readonly string[],
): Promise<{ files: string[]; dirs: string[]; from: Map<string, string> }> {
  const folders = [
    ...new Set(
      paths.flatMap((path) =>
        path
          .split('/')
          .slice(0, -1)
          .map((_, i, parts) => parts.slice(0, i + 1).join('/')),
      ),
    ),
  ];
  // check-ignore answers 1 when nothing is ignored. With -v each answer is the pattern's file, line, pattern and path
  // (a path a `!` pattern matched is listed too, and is not ignored); -z keeps paths as they are.
  const stdout = await gitInProject(
    dir,
    ['check-ignore', '--no-index', '--verbose', '-z', '--stdin'],
    [...paths, ...folders].join('\0') + '\0',
    [1],
  );
  const from = new Map<string, string>();
  const isFolder = new Set(folders);
  const fields = (stdout ?? '').split('\0');
  for (let i = 0; i + 3 < fields.length; i += 4) {
    const [source, , pattern, path] = fields.slice(i, i + 4) as [string, string, string, string];
    if (pattern.startsWith('!')) continue;
    from.set(isFolder.has(path) ? `${path}/` : path, source);
  }
  return {
    files: paths.filter((p) => from.has(p)),
    dirs: folders.map((f) => `${f}/`).filter((f) => from.has(f)),
    from,
  };
}

/**
 * What `ignoredByGit` would answer if the project's .gitignore files held `ignoreFiles` (path → text): asked of a
 * scratch repository with those files and the project's .git/info/exclude, so a planned .gitignore can be checked
 * before it is written. Nothing in the project changes.
 */
export async function ignoredWith(
  dir: string,
  paths: readonly string[],
  ignoreFiles: ReadonlyMap<string, string>,
): Promise<{ files: string[]; dirs: string[]; from: Map<string, string> }> {
  if (paths.length === 0 || !existsSync(join(dir, '.git'))) return { files: [], dirs: [], from: new Map() };
  const scratch = await mkdtemp(join(tmpdir(), 'data-eng-ignore-'));
  try {
    if ((await gitInProject(scratch, ['init', '-q'])) === undefined)
      return { files: [], dirs: [], from: new Map() };
    // The folders exist, so git matches them against folder-only patterns; the files need not.
    for (const path of paths) await mkdir(dirname(join(scratch, path)), { recursive: true });
    const exclude = join(dir, '.git', 'info', 'exclude');
    if (existsSync(exclude)) await copyFile(exclude, join(scratch, '.git', 'info', 'exclude'));
    for (const [path, text] of ignoreFiles) {
      await mkdir(dirname(join(scratch, path)), { recursive: true });
      await writeFile(join(scratch, path), text);
    }
    return await ignoredByGit(scratch, paths);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * .gitignore lines that bring back exactly those files: each hidden folder opened, its other contents still hidden.
 * Paths are relative to the folder of the .gitignore the lines go in (`base`, the project root when empty).
 */
export function unignoreLines(
  hidden: { files: readonly string[]; dirs: readonly string[] },
  base = '',
): string[] {
  const at = (path: string): string => path.slice(base.length);
  return [
    ...hidden.dirs.flatMap((folder) => [`!/${at(folder)}`, `/${at(folder)}*`]),
    ...hidden.files.map((file) => `!/${at(file)}`),
  ];
}
