import type { Airflow2Use } from './airflow2-usage.js';
import type { CarriedService } from './carry-services.js';
import type { SecretRewrite } from './secret-literals.js';

export interface Inference {
  readonly answer: string;
  readonly value: unknown;
  readonly from: string;
}

export interface AdoptionReport {
  readonly project: string;
  readonly inferred: readonly Inference[];
  /** Answers adoption could not take from the files as they are, and what it did instead. */
  readonly changedAnswers: readonly string[];
  readonly created: readonly string[];
  /** Files of the new project left out, each with the reason (they stay out on later renders). */
  readonly notWritten: readonly { readonly path: string; readonly why: string }[];
  readonly merged: readonly { readonly path: string; readonly keptYours: readonly string[] }[];
  readonly replaced: readonly { readonly path: string; readonly movedTo: string }[];
  readonly moved: readonly { readonly path: string; readonly movedTo: string }[];
  readonly secrets: readonly SecretRewrite[];
  readonly carried: readonly Omit<CarriedService, 'definition'>[];
  readonly rotate: readonly {
    readonly variable: string;
    readonly why: string;
    readonly command: string;
    readonly then?: string;
  }[];
  readonly airflowUpgrade?: {
    readonly from: string;
    readonly to: string;
    readonly uses: readonly Airflow2Use[];
  };
  readonly byHand: readonly string[];
  /** Every file of the team's that adoption left exactly as it was. */
  readonly untouched: number;
}

const code = (text: string): string => `\`${text}\``;
const list = (items: readonly string[], none: string): string[] =>
  items.length === 0 ? [`- ${none}`] : items.map((item) => `- ${item}`);

/**
 * The adoption report: what was inferred, created, merged, replaced, moved and rotated, and what is left to do
 * by hand. The same text is printed and written to docs/adoption.md; it names secrets' variables, never values.
 */
export function renderAdoptionMarkdown(report: AdoptionReport): string {
  const secretLines = report.secrets.map(
    (s) =>
      `${code(s.path)}${s.line > 0 ? `:${s.line}` : ''}: a literal ${s.secret === 'fernet' ? 'Fernet key' : s.secret === 'other' ? 'secret of yours' : 'password'} now comes from ${code(s.variable)} in .env${s.secret === 'other' ? ', with the value your file held' : ''}`,
  );
  const lines = [
    `# Adoption of ${report.project}`,
    '',
    "This project was made from data-eng-template and adopted by `data-eng adopt`. Nothing of the team's was",
    'deleted: each file the new project replaces is kept under `.data-eng/adopted/` at its own path.',
    '',
    '## Answers read from the project',
    ...list(
      report.inferred.map((i) => `${code(i.answer)} = ${code(String(i.value))} (${i.from})`),
      'none: every answer was asked or took its default',
    ),
    ...(report.changedAnswers.length
      ? ['', '## Answers that changed', ...list(report.changedAnswers, '')]
      : []),
    '',
    '## Created',
    ...list(report.created.map(code), 'nothing'),
    '',
    ...(report.notWritten.length
      ? [
          '## Not written',
          ...list(
            report.notWritten.map((n) => `${code(n.path)}: ${n.why}`),
            '',
          ),
          '',
        ]
      : []),
    '## Merged key by key (yours kept where both have a key)',
    ...list(
      report.merged.map(
        (m) =>
          `${code(m.path)}${m.keptYours.length ? `: kept yours at ${m.keptYours.map(code).join(', ')}` : ''}`,
      ),
      'nothing',
    ),
    '',
    '## Replaced (yours kept beside it)',
    ...list(
      report.replaced.map((r) => `${code(r.path)}: yours is now ${code(r.movedTo)}`),
      'nothing',
    ),
    '',
    "## Moved (the template's stack, replaced by compose.yaml and .env)",
    ...list(
      report.moved.map((m) => `${code(m.path)} → ${code(m.movedTo)}`),
      'nothing',
    ),
    '',
    '## Services of yours carried into the new stack',
    ...list(
      report.carried.map(
        (c) =>
          `${code(c.name)} from ${code(c.from)} into ${code(c.into)}${c.changes.length ? `: ${c.changes.join('; ')}` : ''}`,
      ),
      'none',
    ),
    '',
    '## Secrets moved into .env',
    ...list(secretLines, 'no literal secret was found'),
    '',
    '## To rotate',
    ...list(
      report.rotate.map(
        (r) => `${code(r.variable)}: ${r.why}. Run ${code(r.command)}${r.then ? `, then ${r.then}` : ''}.`,
      ),
      'nothing was kept from the template',
    ),
    ...(report.airflowUpgrade
      ? [
          '',
          `## Airflow 2 code (Airflow ${report.airflowUpgrade.from} → ${report.airflowUpgrade.to})`,
          ...list(
            report.airflowUpgrade.uses.map((u) => `${code(`${u.path}:${u.line}`)}: ${u.what}; ${u.fix}`),
            'none of the common Airflow 2-only spellings was found in dags/',
          ),
        ]
      : []),
    '',
    '## To do by hand',
    ...list(report.byHand, 'nothing'),
    '',
    `${report.untouched} other file(s) of yours were left exactly as they were.`,
    '',
  ];
  return lines.join('\n');
}
