import '../catalog.js';
import { APP_OPTIONS } from '../../generators/app/options.js';
import { projectOptions } from '../../lib/project/project-options.js';
import { BUILTIN_PLUGIN_NAMES, catalog, componentLoaders } from '../../lib/project/catalog.js';
import type { AnswerSection } from '../../lib/docs/render-answers-doc.js';

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
  for (const [name, load] of componentLoaders()) {
    if (name === 'project') continue;
    const definition = (await load()).default;
    if (definition?.options?.length)
      sections.push({
        owner: name,
        askedBy: `\`yo data-eng:${name}\` / \`data-eng add ${name}\``,
        options: definition.options,
      });
  }
  for (const name of BUILTIN_PLUGIN_NAMES) {
    const definition = (await catalog().plugins[name]()).default;
    if (definition?.options?.length)
      sections.push({
        owner: name,
        askedBy: `\`data-eng plugins add ${name}\``,
        options: definition.options,
      });
  }
  return sections;
}
