import { existsSync, lstatSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, relative, resolve, sep } from 'node:path';
import { CliError, EXIT } from '../exit-codes.js';
import { runGenerator } from '../run-generator.js';

/** Longest file name most file systems take (ext4, NTFS, APFS). */
const NAME_MAX = 255;

/** Refuse a target that cannot be a new project's folder, in one sentence with the fix. */
function checkTarget(dir: string, target: string): void {
  if (dir.trim() === '') {
    throw new CliError(
      'The folder name is empty; pass a folder name, or . for the current folder.',
      EXIT.USAGE,
    );
  }
  if (!existsSync(target) && lstatSync(target, { throwIfNoEntry: false })) {
    throw new CliError(
      `${target} is a symbolic link to a place that does not exist; remove it or pass another folder name.`,
      EXIT.USAGE,
    );
  }
  if (existsSync(target) && !statSync(target).isDirectory()) {
    throw new CliError(
      `${target} is a file, not a folder; pass a new folder name to data-eng new.`,
      EXIT.USAGE,
    );
  }
  const name = basename(target);
  if (Buffer.byteLength(name) > NAME_MAX) {
    throw new CliError(
      `The folder name "${name.slice(0, 20)}…" is ${Buffer.byteLength(name)} bytes long; file systems take at most ${NAME_MAX}. Pass a shorter name.`,
      EXIT.USAGE,
    );
  }
  const here = resolve('.');
  const climbs = relative(target, here);
  if (target !== here && climbs !== '' && !climbs.startsWith('..') && !climbs.startsWith(sep)) {
    throw new CliError(
      `data-eng new ${dir} would scaffold into ${target}, a folder that holds the one you are in; pass a new folder name, or run data-eng new . there.`,
      EXIT.USAGE,
    );
  }
}

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
  checkTarget(dir, target);
  const created = !existsSync(target);
  const before = created ? [] : readdirSync(target);
  const wasEmpty = before.length === 0;
  /** Take away what this run added: the folder it created, or the entries it added to an existing one. */
  const undo = (): void => {
    if (created) rmSync(target, { recursive: true, force: true });
    else if (existsSync(target)) {
      for (const entry of readdirSync(target).filter((name) => !before.includes(name)))
        rmSync(resolve(target, entry), { recursive: true, force: true });
    }
  };
  // Ctrl-C (or a kill) before the files are complete leaves nothing behind; during the plugin hooks that
  // follow, the hook runner stops them and the complete project stays.
  const { scaffoldState } = await import('../../generator/project-tasks.js');
  const onSignal = (signal: NodeJS.Signals): void => {
    if (scaffoldState.filesComplete) return;
    undo();
    process.stderr.write(
      `data-eng: ${signal === 'SIGINT' ? 'cancelled' : `stopped by ${signal}`}, nothing written.\n`,
    );
    process.exit(signal === 'SIGINT' ? EXIT.INTERRUPTED : 143);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
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
    if (created || wasEmpty) undo();
    throw error;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}
