import { readFile } from 'node:fs/promises';

const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/;

function unquote(raw: string): string {
  const value = raw.trim();
  if (value.startsWith("'")) {
    const end = value.indexOf("'", 1);
    return end < 0 ? value.slice(1) : value.slice(1, end);
  }
  if (value.startsWith('"')) {
    let out = '';
    for (let index = 1; index < value.length; index++) {
      const char = value[index]!;
      if (char === '"') break;
      if (char === '\\' && index + 1 < value.length) {
        const next = value[++index]!;
        out += next === 'n' ? '\n' : next === 't' ? '\t' : next;
      } else out += char;
    }
    return out;
  }
  // Unquoted: a " #" starts a comment, as in docker compose.
  return value.replace(/\s+#.*$/, '');
}

/**
 * The variables of a .env file as docker compose reads them: KEY=value, 'single-quoted' taken literally,
 * "double-quoted" with backslash escapes, and a trailing " # comment" dropped from unquoted values.
 */
export function parseDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*#/.test(line)) continue;
    const match = LINE.exec(line);
    if (match) out[match[1]!] = unquote(match[2]!);
  }
  return out;
}

/** A project's .env, or an empty object when it has none. */
export async function readDotenv(path: string): Promise<Record<string, string>> {
  try {
    return parseDotenv(await readFile(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
}
