const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/;

/**
 * The variables of a .env file as docker compose reads them: `NAME=value`, `NAME='literal'` or
 * `NAME="value"`; comments and blank lines skipped.
 */
export function parseEnv(text: string): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = LINE.exec(line);
    if (!match) continue;
    const raw = match[2]!.trim();
    const quoted = /^'(.*)'$/.exec(raw) ?? /^"(.*)"$/.exec(raw);
    variables[match[1]!] = quoted ? quoted[1]! : raw.replace(/\s+#.*$/, '');
  }
  return variables;
}
