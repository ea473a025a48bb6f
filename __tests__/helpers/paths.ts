import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Generator tests run the compiled generators (npm test builds first), as yo and data-eng do. */
export function generatorPath(name: string): string {
  return fileURLToPath(new URL(`../../dist/generators/${name}/index.js`, import.meta.url));
}

export const DATA_ENG_BIN = fileURLToPath(new URL('../../bin/data-eng.js', import.meta.url));
