import { mkdir, readdir, rm, rmdir } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { writeAtomically } from '../fs/write-atomically.js';
import { projectPath } from '../fs/project-paths.js';
import type { FileWrite } from './reconcile.js';
import type { ProjectPlan } from './plan-project.js';
import { formatConflicts } from './reconcile.js';

/** Your edits conflict with the new rendering; nothing was written. Exit code 3. */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
}

/** What to run to settle the conflicts either way; the same words wherever they are reported. */
export const CONFLICT_CHOICES =
  'To keep yours, run again with --keep-yours; to take the new, run again with --force. Either applies to these keys only; or edit them by hand and run again.';

/** Refuse a plan with conflicts unless the caller chose a side: the new rendering (--force) or theirs (--keep-yours). */
export function assertNoConflicts(plan: ProjectPlan, chosen: boolean): void {
  const { conflicts } = plan.reconciliation;
  if (conflicts.length === 0 || chosen) return;
  throw new ConflictError(
    `${conflicts.length} conflict(s) between your edits and the new rendering, nothing written:\n${formatConflicts(conflicts)}\n${CONFLICT_CHOICES}`,
  );
}

/** After a removal, remove the folders it left empty, up to (not including) the project folder. */
export async function removeEmptyParents(projectDir: string, dir: string): Promise<void> {
  const root = resolve(projectDir);
  for (let current = resolve(dir); current.startsWith(root + sep); current = dirname(current)) {
    if ((await readdir(current)).length > 0) return;
    await rmdir(current);
  }
}

/**
 * Write a plan to disk (outside Yeoman: the data-eng plugins commands). Every path is checked first: a
 * symbolic link that leads outside the project stops the run before anything is written. `onDone` hears of each
 * write once it is on disk (by its index), so a caller can put back exactly those.
 */
export async function writePlan(
  projectDir: string,
  writes: readonly FileWrite[],
  onDone?: (index: number) => void,
): Promise<void> {
  const paths = writes.map((write) => projectPath(projectDir, write.path));
  for (const [index, write] of writes.entries()) {
    const path = paths[index]!;
    if (write.content === undefined) {
      await rm(path, { force: true });
      onDone?.(index);
      await removeEmptyParents(projectDir, dirname(path));
      continue;
    }
    await mkdir(dirname(path), { recursive: true });
    await writeAtomically(path, write.content, write.mode);
    onDone?.(index);
  }
}
