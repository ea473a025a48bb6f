import { askOnTerminal } from '../console/ask-on-terminal.js';
import { readAnswersFile } from '../config/project-config.js';
import { checkAnswerKeys } from '../project/check-answer-keys.js';
import { writePlan } from '../project/write-plan.js';
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
  if (!options.dryRun) await writePlan(dir, plan.writes);
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
