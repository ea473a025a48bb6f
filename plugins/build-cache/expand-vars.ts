/** The result of expanding `$VAR` references: the text, and whether a reference had no value. */
export interface Expanded {
  readonly value: string;
  /** True when a referenced variable was not set: the value may differ from what the builder sees. */
  readonly unresolved: boolean;
}

const REFERENCE = /\\\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * Expand Dockerfile variable references the way BuildKit's shell lexer does for FROM, ARG, ENV, COPY and
 * ADD: `$NAME`, `${NAME}`, `${NAME:-default}`, `${NAME:+alternative}`, and `\$` for a literal dollar.
 */
export function expandVars(text: string, vars: ReadonlyMap<string, string>): Expanded {
  let unresolved = false;
  const value = text.replace(
    REFERENCE,
    (whole, braced?: string, operator?: string, word?: string, bare?: string) => {
      if (whole === '\\$') return '$';
      const name = (braced ?? bare)!;
      const current = vars.get(name);
      if (operator === '-') return current ? current : expandVars(word ?? '', vars).value;
      if (operator === '+') return current ? expandVars(word ?? '', vars).value : '';
      if (current === undefined) unresolved = true;
      return current ?? '';
    },
  );
  return { value, unresolved };
}

/** Strip one pair of matching quotes around a word, as the Dockerfile parser does for ARG and ENV values. */
export function unquote(word: string): string {
  if (word.length >= 2) {
    const first = word[0];
    if ((first === '"' || first === "'") && word.endsWith(first)) return word.slice(1, -1);
  }
  return word;
}
