import { askOnTerminal } from '../console/ask-on-terminal.js';
import { onInterrupt } from '../console/on-interrupt.js';
import { readAnswersFile } from '../config/project-config.js';
import { checkAnswerKeys } from '../project/check-answer-keys.js';
import { lstat, mkdir, readFile, readlink, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { projectPath } from '../fs/project-paths.js';
import type { FileWrite } from '../project/reconcile.js';
import { removeEmptyParents, writePlan } from '../project/write-plan.js';
import { writeAtomically } from '../fs/write-atomically.js';
import { renderAdoptionMarkdown } from './adoption-report.js';
import { AdoptionBlockedError } from './project-files.js';
import { ADOPTION_REPORT, planAdoption, type AdoptionPlan } from './plan-adoption.js';

export interface AdoptProjectOptions {
  readonly defaults: boolean;
  readonly interactive: boolean;
  readonly answersFile?: string;
  readonly dryRun: boolean;
  /**
   * Stops adoption: aborted before the first write, nothing is written; during the writes, every file written is put
   * back; either way adoption fails with an AbortError (exit 130, 143 for SIGTERM). Without one, Ctrl-C and SIGTERM
   * abort the writes.
   */
  readonly signal?: AbortSignal;
}

/** Adoption stopped by a signal; the project is as it was. */
export class AdoptionInterruptedError extends Error {
  override readonly name = 'AbortError';
  constructor(
    message: string,
    readonly signal: string,
  ) {
    super(message);
  }
}

const signalOf = (signal: AbortSignal): string =>
  signal.reason instanceof Error ? signal.reason.message : String(signal.reason ?? 'SIGINT');

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
  const before = await preflight(dir, plan.writes);
  if (options.signal?.aborted) {
    throw new AdoptionInterruptedError(
      `Adoption was interrupted (${signalOf(options.signal)}) before writing; nothing was written. Run it again.`,
      signalOf(options.signal),
    );
  }
  if (!options.dryRun) {
    const write = (signal: AbortSignal) => writeAllOrNothing(dir, plan.writes, before, signal);
    // Without a signal of the caller's, Ctrl-C and SIGTERM are caught only while files are written: before, they end
    // the process at once (a question waiting at the terminal too), and nothing has been written.
    await (options.signal ? write(options.signal) : onInterrupt(write));
  }
  const removed = plan.writes.filter((w) => w.content === undefined).length;
  const counted = `${plan.writes.length - removed} file(s)${removed > 0 ? ` and remove ${removed} (each kept in .data-eng/adopted/)` : ''}`;
  const heading = options.dryRun
    ? `Dry run: nothing written. data-eng adopt would write ${counted}:\n\n`
    : `Adopted: wrote ${counted.replace(' and remove ', ', removed ')}; this report is also in ${ADOPTION_REPORT}.\n\n`;
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

/** What a path held before adoption: its content and mode, or nothing. */
interface Before {
  readonly path: string;
  readonly content?: Buffer;
  readonly mode?: number;
}

/**
 * Check every path of the adoption before anything is written (a dry run too): a link out of the project, a link
 * inside it where a file is written (never written through), a folder where a file goes, a file where a folder goes.
 * Returns what each path holds now.
 */
async function preflight(dir: string, writes: readonly FileWrite[]): Promise<Before[]> {
  const before: Before[] = [];
  for (const write of writes) {
    const path = projectPath(dir, write.path);
    try {
      const stats = await lstat(path);
      if (stats.isDirectory())
        throw new AdoptionBlockedError(
          `${write.path} is a folder where data-eng adopt writes a file; move the folder away (or rename it) and run again. Nothing was written.`,
        );
      if (stats.isSymbolicLink() && write.content !== undefined)
        throw new AdoptionBlockedError(
          `${write.path} is a symbolic link (to ${await readlink(path)}) where data-eng adopt writes a file, and a link is never written through; replace the link with a copy of its file (or remove it) and run again. Nothing was written.`,
        );
      before.push({ path, content: await readFile(path), mode: stats.mode & 0o7777 });
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
        throw new AdoptionBlockedError(
          `${blocking} is a file where data-eng adopt needs a folder (for ${write.path}); move the file away (or rename it) and run again. Nothing was written.`,
        );
      }
      if (code !== 'ENOENT') throw error;
      before.push({ path });
    }
  }
  return before;
}

/**
 * Write every file of the adoption, or none: if a write fails, each file already written is put back as it was (a
 * new file removed, with the folders it left empty). A file that cannot be put back is named, never skipped silently.
 */
async function writeAllOrNothing(
  dir: string,
  writes: readonly FileWrite[],
  before: readonly Before[],
  signal?: AbortSignal,
): Promise<void> {
  const done: number[] = [];
  try {
    await writePlan(dir, writes, (index) => {
      done.push(index);
      // Checked after each write, so the file just written is among those put back.
      if (signal?.aborted) throw new AdoptionInterruptedError('interrupted', signalOf(signal));
    });
  } catch (error) {
    const notBack: string[] = [];
    for (const index of done.reverse()) {
      const file = before[index]!;
      try {
        if (file.content === undefined) {
          await rm(file.path, { force: true });
          await removeEmptyParents(dir, dirname(file.path));
        } else {
          await mkdir(dirname(file.path), { recursive: true });
          await writeAtomically(file.path, file.content, file.mode);
        }
      } catch (putBack) {
        notBack.push(`${writes[index]!.path} (${(putBack as Error).message})`);
      }
    }
    if (error instanceof AdoptionInterruptedError) {
      throw new AdoptionInterruptedError(
        notBack.length === 0
          ? `Adoption was interrupted (${error.signal}) while writing; every file is back as it was. Run it again.`
          : `Adoption was interrupted (${error.signal}) while writing, and could not put back ${notBack.join(', ')}; git checkout -- <file> restores a committed file.`,
        error.signal,
      );
    }
    const why = (error as Error).message.replace(/\.$/, '');
    throw new Error(
      notBack.length === 0
        ? `Adoption could not write the project (${why}); every file is back as it was. Fix that, then run again.`
        : `Adoption could not write the project (${why}), and could not put back ${notBack.join(', ')}; git checkout -- <file> restores a committed file.`,
    );
  }
}
