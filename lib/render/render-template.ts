import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ejs from 'ejs';

/**
 * Render a text template kept in the `templates/` folder beside the calling module.
 * Pass `import.meta.url` as `from`. EJS with `<%= %>` HTML-escaping turned off: these are not web pages,
 * so callers escape for the target language themselves (see lib/render/escape.ts).
 */
export function renderTemplate(from: string, name: string, data: Record<string, unknown> = {}): string {
  const path = fileURLToPath(new URL(`./templates/${name}`, from));
  return ejs.render(readFileSync(path, 'utf8'), data, {
    filename: path,
    escape: (text: unknown) => String(text),
  });
}
