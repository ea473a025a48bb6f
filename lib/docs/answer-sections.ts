import { APP_OPTIONS, projectOptions } from '../../generators/app/options.js';
import { COMPONENTS, BUILTIN_PLUGINS } from '../project/catalog.js';
import type { AnswerSection } from './render-answers-doc.js';

/** Every question of every generator and built-in plugin, in the order they are asked. */
export async function answerSections(): Promise<AnswerSection[]> {
  const sections: AnswerSection[] = [
    {
      owner: 'project',
      askedBy: '`yo data-eng`, or any sub-generator in a folder without a project',
      options: projectOptions('/your-project'),
    },
    {
      owner: 'app',
      askedBy:
        '`yo data-eng` (not stored: the parts are recorded by their own keys, plugins under `plugins`)',
      options: APP_OPTIONS,
    },
  ];
  for (const [name, load] of Object.entries(COMPONENTS)) {
    if (name === 'project') continue;
    const definition = (await load()).default;
    if (definition?.options?.length)
      sections.push({
        owner: name,
        askedBy: `\`yo data-eng:${name}\` / \`data-eng add ${name}\``,
        options: definition.options,
      });
  }
  for (const [name, load] of Object.entries(BUILTIN_PLUGINS)) {
    const definition = (await load()).default;
    if (definition?.options?.length)
      sections.push({
        owner: name,
        askedBy: `\`data-eng plugins add ${name}\``,
        options: definition.options,
      });
  }
  return sections;
}
