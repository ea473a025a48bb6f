import { chmod, mkdir, readdir, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { FileWrite } from './reconcile.js';
import type { ProjectPlan } from './plan-project.js';
import { formatConflicts } from './reconcile.js';

/** Your edits conflict with the new rendering; nothing was written. Exit code 3. */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
}

/** Refuse a plan with conflicts unless the caller chose to take the new rendering (--force). */
export function assertNoConflicts(plan: ProjectPlan, force: boolean): void {
  const { conflicts } = plan.reconciliation;
  if (conflicts.length === 0 || force) return;
  throw new ConflictError(
    `${conflicts.length} conflict(s) between your edits and the new rendering, nothing written:\n${formatConflicts(conflicts)}\nEdit those keys by hand, or run again with --force to take the new rendering for them only.`,
  );
}

/** After a removal, remove the folders it left empty, up to (not including) the project folder. */
async function removeEmptyParents(projectDir: string, dir: string): Promise<void> {
  const root = resolve(projectDir);
  for (let current = resolve(dir); current.startsWith(root + sep); current = dirname(current)) {
    if ((await readdir(current)).length > 0) return;
    await rmdir(current);
  }
}

/** Write a plan to disk (outside Yeoman: the data-eng plugins commands). */
export async function writePlan(projectDir: string, writes: readonly FileWrite[]): Promise<void> {
  for (const write of writes) {
    const path = join(projectDir, write.path);
    if (write.content === undefined) {
      await rm(path, { force: true });
      await removeEmptyParents(projectDir, dirname(path));
      continue;
    }
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, write.content, write.mode ? { mode: write.mode } : undefined);
    if (write.mode) await chmod(path, write.mode);
  }
}
