import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CliError, EXIT } from '../exit-codes.js';
import { runGenerator } from '../run-generator.js';
import '../catalog.js';

/**
 * `data-eng new-plugin [dir]`: create the folder if needed and scaffold a plugin package in it.
 * A folder that already holds a package is refused. If the run fails before the files are written, a folder
 * this command created is removed (or what it added to an existing one); once they are written, a failed
 * `npm install` keeps them and names the command that finishes the set-up.
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
    if (existsSync(join(target, 'package.json'))) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      throw new CliError(
        `The plugin's files are written to ${target}, but installing its dependencies failed (${reason}); finish with: cd ${JSON.stringify(target)} && npm install`,
        EXIT.ENVIRONMENT,
      );
    }
    if (created) rmSync(target, { recursive: true, force: true });
    else {
      for (const entry of readdirSync(target).filter((name) => !before.includes(name))) {
        rmSync(join(target, entry), { recursive: true, force: true });
      }
    }
    throw error;
  }
}
