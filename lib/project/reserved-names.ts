import { IMAGE_MODULES, PYTHON_KEYWORDS, STDLIB_MODULES } from './python-names.data.js';

/**
 * Top-level folders of a generated project that Python may import from (`include`, `tests`) or that Airflow
 * puts on sys.path (`dags`, `plugins`, `conf`), and the rest, so that `src/<package>` is never mistaken for one.
 * The generator tests check that every top-level folder a project can have is listed.
 */
export const PROJECT_FOLDERS: readonly string[] = [
  'certs',
  'conf',
  'dags',
  'deploy',
  'docker',
  'docs',
  'include',
  'plugins',
  'scripts',
  'src',
  'tests',
];

const keywords = new Set(PYTHON_KEYWORDS);
const stdlib = new Set(STDLIB_MODULES);
const image = new Set(IMAGE_MODULES);
const folders = new Set(PROJECT_FOLDERS);

/** The Python package of a project name: the slug with underscores. */
export const packageNameOf = (name: string): string => name.replaceAll('-', '_');

/**
 * Why a project name cannot be used, or undefined. The package `src/<package>` comes first on PYTHONPATH in
 * the Airflow containers, so a name that is also a module would hide it (`import yaml` would load the
 * project), and a keyword could not be imported at all.
 */
export function reservedNameProblem(name: string): string | undefined {
  const pkg = packageNameOf(name);
  const suggestion = `choose another name, e.g. ${name}-pipelines`;
  if (keywords.has(pkg))
    return `"${pkg}" is a Python keyword, so the package src/${pkg} could not be imported; ${suggestion}`;
  const hides = (what: string) =>
    `the package src/${pkg} would hide ${what} (the project's src/ comes first on PYTHONPATH); ${suggestion}`;
  if (stdlib.has(pkg)) return hides(`the standard-library module "${pkg}"`);
  if (image.has(pkg)) return hides(`the module "${pkg}" that the Airflow image installs`);
  if (folders.has(pkg)) return hides(`the project's own folder ${pkg}/`);
  return undefined;
}
