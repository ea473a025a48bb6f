import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CliError, EXIT } from '../exit-codes.js';
import { runGenerator } from '../run-generator.js';

/**
 * `data-eng new-plugin [dir]`: create the folder if needed and scaffold a plugin package in it.
 * A folder that already holds a package is refused; a folder this command created is removed if the run fails.
 */
export async function runNewPlugin(dir: string, options: Record<string, unknown>): Promise<void> {
  const target = resolve(dir);
  if (existsSync(join(target, 'package.json'))) {
    throw new CliError(
      `${target} already holds a package.json; run data-eng new-plugin with a new or empty folder.`,
      EXIT.USAGE,
    );
  }
  const created = !existsSync(target);
  const before = created ? [] : readdirSync(target);
  if (created) mkdirSync(target, { recursive: true });
  try {
    // destinationRoot pins the package to `target`: Yeoman would otherwise adopt a parent folder's .yo-rc.json.
    await runGenerator('plugin', target, { ...options, destinationRoot: target }, []);
  } catch (error) {
    if (created) rmSync(target, { recursive: true, force: true });
    else {
      for (const entry of readdirSync(target).filter((name) => !before.includes(name))) {
        rmSync(join(target, entry), { recursive: true, force: true });
      }
    }
    throw error;
  }
}
