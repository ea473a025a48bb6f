import { askOnTerminal } from '../console/ask-on-terminal.js';
import { readAnswersFile } from '../config/project-config.js';
import { checkAnswerKeys } from '../project/check-answer-keys.js';
import { lstat, readFile, rm, chmod } from 'node:fs/promises';
import { ProjectFileError, projectPath } from '../fs/project-paths.js';
import type { FileWrite } from '../project/reconcile.js';
import { writePlan } from '../project/write-plan.js';
import { writeAtomically } from '../fs/write-atomically.js';
import { renderAdoptionMarkdown } from './adoption-report.js';
import { ADOPTION_REPORT, planAdoption, type AdoptionPlan } from './plan-adoption.js';

export interface AdoptProjectOptions {
  readonly defaults: boolean;
  readonly interactive: boolean;
  readonly answersFile?: string;
  readonly dryRun: boolean;
}

export interface AdoptOutcome {
  readonly plan: AdoptionPlan;
  /** The result for --json: `{adopted, dryRun, report}` or `{adopted: false, reason}`. */
  readonly json: unknown;
  /** The result for people: the report, as docs/adoption.md holds it. */
  readonly text: string;
}

/**
 * Adopt the data-eng-template project in `dir`: plan it (answers inferred, then asked or defaulted), write every
 * file unless `dryRun` (each path checked before the first write), and return the report. The command line and
 * `yo data-eng:adopt` both run this.
 */
export async function adoptProject(dir: string, options: AdoptProjectOptions): Promise<AdoptOutcome> {
  const answers = options.answersFile ? await readAnswersFile(options.answersFile) : {};
  if (options.answersFile) checkAnswerKeys(answers, options.answersFile, dir);
  const plan = await planAdoption(dir, {
    defaults: options.defaults,
    interactive: options.interactive,
    answers,
    ask: askOnTerminal(dir),
  });
  if (!plan.adopted) {
    return { plan, json: { adopted: false, reason: plan.reason }, text: plan.reason };
  }
  if (!options.dryRun) await writeAllOrNothing(dir, plan.writes);
  const heading = options.dryRun
    ? `Dry run: nothing written. data-eng adopt would write ${plan.writes.length} file(s):\n\n`
    : `Adopted: ${plan.writes.length} file(s) written; this report is also in ${ADOPTION_REPORT}.\n\n`;
  return {
    plan,
    json: {
      adopted: true,
      dryRun: options.dryRun,
      writes: plan.writes.map((w) => ({
        path: w.path,
        action: w.content === undefined ? 'delete' : 'write',
      })),
      report: plan.report,
    },
    text: heading + renderAdoptionMarkdown(plan.report),
  };
}

/**
 * Write every file of the adoption, or none: each path is checked first (a link out of the project, a folder where a
 * file goes), and if a write fails the files already written are put back as they were.
 */
async function writeAllOrNothing(dir: string, writes: readonly FileWrite[]): Promise<void> {
  const before: { path: string; content?: Buffer; mode?: number }[] = [];
  for (const write of writes) {
    const path = projectPath(dir, write.path);
    try {
      const stats = await lstat(path);
      if (stats.isDirectory())
        throw new ProjectFileError(
          `${write.path} is a folder where data-eng adopt writes a file; move the folder away (or rename it) and run again. Nothing was written.`,
        );
      before.push({ path, content: await readFile(path), mode: stats.mode & 0o777 });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR') {
        const parents = write.path.split('/').slice(0, -1);
        let blocking = write.path;
        for (let i = 1; i <= parents.length; i++) {
          const parent = parents.slice(0, i).join('/');
          const stats = await lstat(projectPath(dir, parent)).catch(() => undefined);
          if (stats && !stats.isDirectory()) {
            blocking = parent;
            break;
          }
        }
        throw new ProjectFileError(
          `${blocking} is a file where data-eng adopt needs a folder (for ${write.path}); move the file away (or rename it) and run again. Nothing was written.`,
        );
      }
      if (code !== 'ENOENT') throw error;
      before.push({ path });
    }
  }
  try {
    await writePlan(dir, writes);
  } catch (error) {
    for (const file of before.reverse()) {
      if (file.content === undefined) await rm(file.path, { force: true });
      else {
        await writeAtomically(file.path, file.content.toString('utf8'), file.mode);
        if (file.mode !== undefined) await chmod(file.path, file.mode);
      }
    }
    throw new Error(
      `data-eng adopt could not write the project (${(error as Error).message.replace(/\.$/, '')}); every file is back as it was.`,
    );
  }
}
