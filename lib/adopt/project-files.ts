import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
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
