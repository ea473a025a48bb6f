import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type ejsModule from 'ejs';

/** EJS, loaded on the first render: commands that only open a project never render a template. */
let ejs: typeof ejsModule | undefined;

/**
 * Render a text template kept in the `templates/` folder beside the calling module.
 * Pass `import.meta.url` as `from`. EJS with `<%= %>` HTML-escaping turned off: these are not web pages,
 * so callers escape for the target language themselves (see lib/render/escape.ts).
 */
export function renderTemplate(from: string, name: string, data: Record<string, unknown> = {}): string {
  const path = fileURLToPath(new URL(`./templates/${name}`, from));
  ejs ??= createRequire(import.meta.url)('ejs') as typeof ejsModule;
  return ejs.render(readFileSync(path, 'utf8'), data, {
    filename: path,
    escape: (text: unknown) => String(text),
  });
}
