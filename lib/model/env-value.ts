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
/**
 * The path of a file holding a secret of `.env`, which the orchestrator mounts read-only into the service
 * (SECRETS_DIR/<name in lower case>): for an image that reads a secret from a file (POSTGRES_PASSWORD_FILE,
 * Airflow's `_CMD` options), so the value is never in the container's environment or `docker inspect`.
 */
export interface EnvSecretFile {
  readonly secretFile: string;
}
export type EnvPart = string | EnvRef | EnvSecretFile;
export interface EnvConcat {
  readonly parts: readonly EnvPart[];
}
export type EnvValue = string | EnvRef | EnvSecretFile | EnvConcat;

/** Where a service finds the secrets mounted as files, as compose mounts them. */
export const SECRETS_DIR = '/run/secrets';

/** A reference to a variable in `.env`. */
export function envRef(name: string, fallback?: string): EnvRef {
  return fallback === undefined ? { ref: name } : { ref: name, fallback };
}

/**
 * A tagged template that mixes literals and references: envTemplate`${envRef('AIRFLOW_UID', '50000')}:0`. A secret
 * belongs in a file (secretFile), not in a value built like this.
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

/** The file of a secret in `.env`, mounted into the service: its path where the value is given. */
export function secretFile(name: string): EnvSecretFile {
  return { secretFile: name };
}

/** The id a secret file is mounted under: the variable's name in lower case (`postgres_password`). */
export function secretFileId(name: string): string {
  return name.toLowerCase();
}

/** The path of a secret's file inside a container. */
export function secretFilePath(name: string): string {
  return `${SECRETS_DIR}/${secretFileId(name)}`;
}

export function isEnvRef(value: EnvValue | EnvPart): value is EnvRef {
  return typeof value === 'object' && 'ref' in value;
}

export function isSecretFile(value: EnvValue | EnvPart): value is EnvSecretFile {
  return typeof value === 'object' && 'secretFile' in value;
}

/** The parts of a value: a concatenation's, or the value itself. */
export function partsOf(value: EnvValue): readonly EnvPart[] {
  return typeof value === 'object' && 'parts' in value ? value.parts : [value];
}

/** The secrets a value mounts as files. */
export function secretFilesOf(value: EnvValue): string[] {
  return partsOf(value).flatMap((part) => (isSecretFile(part) ? [part.secretFile] : []));
}

/** Every `.env` variable a value refers to. */
export function referencedVariables(value: EnvValue): string[] {
  return partsOf(value).flatMap((part) => (isEnvRef(part) ? [part.ref] : []));
}

/** The secrets an environment reads as files, in the order it names them, each once. */
export function environmentSecretFiles(environment: Readonly<Record<string, EnvValue>>): string[] {
  return [...new Set(Object.values(environment).flatMap(secretFilesOf))];
}
