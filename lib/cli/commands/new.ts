import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { runGenerator } from '../run-generator.js';

/**
 * `data-eng new [dir]`: create the folder if needed and run the app generator in it.
 * If the run fails, a folder this command created is removed again: no half-written project.
 */
export async function runNew(
  dir: string,
  options: Record<string, unknown>,
  extraArgs: readonly string[],
): Promise<void> {
  const target = resolve(dir);
  const created = !existsSync(target);
  const wasEmpty = created || readdirSync(target).length === 0;
  if (created && !options.dryRun) mkdirSync(target, { recursive: true });
  try {
    // destinationRoot pins the project to `target`: Yeoman would otherwise adopt a parent folder's .yo-rc.json.
    await runGenerator(
      'app',
      created && options.dryRun ? process.cwd() : target,
      { ...options, destinationRoot: target },
      extraArgs,
    );
    // Yeoman creates the destination even when nothing is written; a dry run leaves no trace.
    if (created && options.dryRun && existsSync(target)) rmSync(target, { recursive: true, force: true });
  } catch (error) {
    // A failed plugin hook runs after the files are written: the project is complete, keep it.
    if (error instanceof Error && error.name === 'HookError') throw error;
    if (created && existsSync(target)) rmSync(target, { recursive: true, force: true });
    else if (wasEmpty && existsSync(target)) {
      for (const entry of readdirSync(target))
        rmSync(resolve(target, entry), { recursive: true, force: true });
    }
    throw error;
  }
}
