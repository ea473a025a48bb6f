import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The path of another generator of this package, compiled (.js) or from the sources (.ts) under test. */
export function siblingGenerator(from: string, name: string): string {
  for (const extension of ['js', 'ts']) {
    const path = fileURLToPath(new URL(`../${name}/index.${extension}`, from));
    if (existsSync(path)) return path;
  }
  throw new Error(
    `The ${name} generator is missing from this installation of generator-data-eng; reinstall the package.`,
  );
}
