import type { OptionSpec } from '../plugins/option-spec.js';

export interface AnswerSection {
  /** The key the answers are stored under in .yo-rc.json. */
  readonly owner: string;
  /** Which generator asks these questions. */
  readonly askedBy: string;
  readonly options: readonly OptionSpec[];
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

function shownDefault(spec: OptionSpec): string {
  if (typeof spec.default === 'function') return 'derived from other answers';
  return `\`${JSON.stringify(spec.default)}\``;
}

function allowed(spec: OptionSpec): string {
  if (spec.choices) return spec.choices.map((choice) => `\`${String(choice)}\``).join(', ');
  if (spec.type === 'number')
    return (
      [spec.min !== undefined ? `≥ ${spec.min}` : '', spec.max !== undefined ? `≤ ${spec.max}` : '']
        .filter(Boolean)
        .join(', ') || 'any integer'
    );
  if (spec.patternHint) return cell(spec.patternHint);
  if (spec.type === 'boolean') return '`true`, `false`';
  return 'any';
}

/** docs/answers.md from the option tables themselves, so the documentation cannot drift from the code. */
export function renderAnswersDoc(sections: readonly AnswerSection[]): string {
  const lines = [
    '# Answers',
    '',
    'Every question the generators ask, as stored in `.yo-rc.json` under `"generator-data-eng"`.',
    'Each can be given as a flag (`--flag value`), in an answers file (`--answers FILE`, JSON or YAML with the same keys),',
    'or left to its default with `--defaults`. Lists take comma-separated values on the command line.',
    'A flag for a question the other answers skip (`--grafana-port` without `--grafana`) is refused (exit 2), naming',
    'the answer it needs.',
    '',
    'This file is generated from the option tables by `npm run docs:answers`; a test fails when they differ.',
  ];
  for (const section of sections) {
    lines.push('', `## \`${section.owner}\` (asked by ${section.askedBy})`, '');
    lines.push('| key | flag | type | default | allowed values | description |', '|---|---|---|---|---|---|');
    for (const spec of section.options) {
      lines.push(
        `| \`${section.owner}.${spec.name}\` | \`--${spec.flag}\` | ${spec.type} | ${shownDefault(spec)} | ${allowed(spec)} | ${cell(spec.description)} |`,
      );
    }
  }
  return lines.join('\n') + '\n';
}
