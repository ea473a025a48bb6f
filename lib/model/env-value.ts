/**
 * A value in a service's environment: a literal, a reference to a variable kept in `.env`,
 * or a string made of both. Renderers decide how a reference is spelled (`${NAME}` in compose,
 * a secretKeyRef in Kubernetes), so the Stack never holds a secret's value.
 */
export interface EnvRef {
  readonly ref: string;
  /** Used when the variable is unset; omitted for required variables such as secrets. */
  readonly fallback?: string;
}
export interface EnvConcat {
  readonly parts: readonly (string | EnvRef)[];
}
export type EnvValue = string | EnvRef | EnvConcat;

/** A reference to a variable in `.env`. */
export function envRef(name: string, fallback?: string): EnvRef {
  return fallback === undefined ? { ref: name } : { ref: name, fallback };
}

/**
 * A tagged template that mixes literals and references:
 * envTemplate`postgresql+psycopg2://airflow:${envRef('POSTGRES_PASSWORD')}@postgres/airflow`.
 */
export function envTemplate(strings: TemplateStringsArray, ...refs: EnvRef[]): EnvConcat {
  const parts: (string | EnvRef)[] = [];
  strings.forEach((literal, index) => {
    if (literal) parts.push(literal);
    const ref = refs[index];
    if (ref) parts.push(ref);
  });
  return { parts };
}

export function isEnvRef(value: EnvValue): value is EnvRef {
  return typeof value === 'object' && 'ref' in value;
}

/** Every `.env` variable a value refers to. */
export function referencedVariables(value: EnvValue): string[] {
  if (typeof value === 'string') return [];
  if (isEnvRef(value)) return [value.ref];
  return value.parts.flatMap((part) => (typeof part === 'string' ? [] : [part.ref]));
}
