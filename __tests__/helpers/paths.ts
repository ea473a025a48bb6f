import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The compiled package: `dist` unless DATA_ENG_DIST names another build folder (see scripts/build.mjs). */
export const DIST = fileURLToPath(new URL(`../../${process.env.DATA_ENG_DIST ?? 'dist'}/`, import.meta.url));

/** Generator tests run the compiled generators (npm test builds first), as yo and data-eng do. */
export function generatorPath(name: string): string {
  return `${DIST}generators/${name}/index.js`;
}

export const DATA_ENG_BIN = fileURLToPath(new URL('../../bin/data-eng.js', import.meta.url));
