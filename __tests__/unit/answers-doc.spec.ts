import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { answerSections } from '../../cli/docs/answer-sections.js';
import { renderAnswersDoc } from '../../lib/docs/render-answers-doc.js';
import { REPO_ROOT } from '../helpers/paths.js';

describe('docs/answers.md', () => {
  it('matches the option tables (regenerate with npm run docs:answers)', async () => {
    const expected = renderAnswersDoc(await answerSections());
    expect(readFileSync(`${REPO_ROOT}docs/answers.md`, 'utf8')).toBe(expected);
  });

  it('lists every flag exactly once across all generators', async () => {
    const flags = (await answerSections()).flatMap((section) => section.options.map((option) => option.flag));
    expect(flags.length).toBeGreaterThan(10);
    expect(new Set(flags).size).toBe(flags.length);
  });
});
