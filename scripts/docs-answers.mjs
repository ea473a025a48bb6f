// Regenerate docs/answers.md from the option tables of the built package (run `npm run build` first).
import { writeFileSync } from 'node:fs';
import { answerSections } from '../dist/cli/docs/answer-sections.js';
import { renderAnswersDoc } from '../dist/lib/docs/render-answers-doc.js';

writeFileSync('docs/answers.md', renderAnswersDoc(await answerSections()));
