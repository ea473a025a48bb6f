export type Variables = Readonly<Record<string, string | undefined>>;

/** A required variable is unset; names it, where it is used, and the fix. */
export class MissingVariableError extends Error {
  override readonly name = 'MissingVariableError';
}

function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function expand(body: string, vars: Variables, where: string): string {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?+])([\s\S]*))?$/.exec(body);
  if (!match)
    throw new Error(`\${${body}} in ${where} is not a valid reference; write \${NAME} or \${NAME:-default}.`);
  const [, name, colon, operator, rest = ''] = match as unknown as [string, string, string, string, string];
  const value = vars[name];
  const unset = value === undefined || (colon === ':' && value === '');
  switch (operator) {
    case '-':
      return unset ? interpolate(rest, vars, where) : value!;
    case '?':
      if (unset)
        throw new MissingVariableError(`${name} ${rest || 'is not set'} (used by ${where}); set it in .env.`);
      return value!;
    case '+':
      return unset ? '' : interpolate(rest, vars, where);
    default:
      return value ?? '';
  }
}

/**
 * Interpolate a services.yaml value the way compose interpolates compose.yaml: `${NAME}`, `${NAME:-default}`,
 * `${NAME-default}`, `${NAME:?message}`, `${NAME:+alt}`, `$NAME`, and `$$` for a literal dollar sign.
 */
export function interpolate(text: string, vars: Variables, where: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char !== '$') {
      out += char;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i++;
    } else if (next === '{') {
      const end = closingBrace(text, i + 1);
      if (end < 0) throw new Error(`An unclosed \${ in ${where}; close it with }.`);
      out += expand(text.slice(i + 2, end), vars, where);
      i = end;
    } else {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1))?.[0];
      if (!name) {
        out += '$';
        continue;
      }
      out += vars[name] ?? '';
      i += name.length;
    }
  }
  return out;
}

/** Interpolate every string inside a parsed YAML value. */
export function interpolateDeep<T>(value: T, vars: Variables, where: string): T {
  if (typeof value === 'string') return interpolate(value, vars, where) as T;
  if (Array.isArray(value)) return value.map((item) => interpolateDeep(item, vars, where)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, interpolateDeep(item, vars, where)]),
    ) as T;
  }
  return value;
}

/** The variables a value refers to first, e.g. POSTGRES_PORT in `${POSTGRES_PORT:-5432}`, for messages. */
export function firstVariable(text: string): string | undefined {
  return /\$\{?([A-Za-z_][A-Za-z0-9_]*)/.exec(text.replaceAll('$$', ''))?.[1];
}
