import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/;

/**
 * The assignments of a .env file, read the way compose reads it for simple files: KEY=VALUE lines,
 * optional `export`, single or double quotes around the value, `#` comments on their own line or after
 * an unquoted value.
 */
export function parseDotenv(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = LINE.exec(line);
    if (!match) continue;
    const [, key, raw] = match as unknown as [string, string, string];
    const quote = raw[0];
    if ((quote === "'" || quote === '"') && raw.length >= 2 && raw.endsWith(quote)) {
      const inner = raw.slice(1, -1);
      values[key] =
        quote === '"' ? inner.replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c)) : inner;
    } else {
      values[key] = raw.replace(/\s+#.*$/, '');
    }
  }
  return values;
}

/** The project's .env, or an empty set when there is none. */
export async function readDotenv(projectDir: string): Promise<Record<string, string>> {
  try {
    return parseDotenv(await readFile(join(projectDir, '.env'), 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
}
