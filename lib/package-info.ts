import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: the nearest package.json above this file, in the sources and in dist alike. */
function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error('generator-data-eng is installed without its package.json; reinstall it.');
    dir = parent;
  }
  return dir;
}

export const PACKAGE_ROOT = findPackageRoot();
const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
};

/** This package's version, for plugin range checks and --version. */
export const PACKAGE_VERSION: string = pkg.version;
export const PACKAGE_NAME: string = pkg.name;
