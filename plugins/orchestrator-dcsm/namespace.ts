import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

/** Branch names become part of Docker names: lowercase letters, digits, `-` and `_`, at most 50 characters. */
export function sanitizeBranch(branch: string): string {
  const clean = branch
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50);
  return clean || 'detached';
}

async function gitDir(start: string): Promise<string | undefined> {
  let dir = resolve(start);
  for (;;) {
    const candidate = join(dir, '.git');
    try {
      const info = await stat(candidate);
      if (info.isDirectory()) return candidate;
      // A worktree or submodule: `.git` is a file naming the real git dir.
      const pointer = /^gitdir:\s*(.+)$/m.exec(await readFile(candidate, 'utf8'))?.[1]?.trim();
      return pointer ? resolve(dir, pointer) : undefined;
    } catch {
      const parent = dirname(dir);
      if (parent === dir) return undefined;
      dir = parent;
    }
  }
}

/**
 * The checked-out branch of the git work tree around `dir`, read from HEAD without running git;
 * the short commit for a detached HEAD; undefined outside git.
 */
export async function currentBranch(dir: string): Promise<string | undefined> {
  const git = await gitDir(dir);
  if (!git) return undefined;
  try {
    const head = (await readFile(join(git, 'HEAD'), 'utf8')).trim();
    const ref = /^ref:\s*refs\/heads\/(.+)$/.exec(head)?.[1];
    return ref ?? head.slice(0, 12);
  } catch {
    return undefined;
  }
}

/** DCSM's namespace: `<namespace>_<branch>`, so two branches of one project run side by side. */
export async function resolveNamespace(
  base: string,
  projectDir: string,
): Promise<{ namespace: string; branch: string }> {
  const branch = sanitizeBranch((await currentBranch(projectDir)) ?? 'main');
  return { namespace: `${base}_${branch}`, branch };
}
