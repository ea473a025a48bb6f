import { randomBytes } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { CliError, EXIT } from '../exit-codes.js';
import { runGenerator } from '../run-generator.js';
import '../catalog.js';

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

/** A fresh folder for the scaffold, in `parent`, named so that it is plainly temporary; mode as mkdir gives. */
function makeStagingFolder(parent: string): string {
  for (;;) {
    const path = join(parent, `.data-eng-new-${randomBytes(4).toString('hex')}`);
    try {
      mkdirSync(path);
      return path;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/**
 * Where the files are written before they are the project:
 * - a new folder: a staging folder beside it, renamed into place at the end;
 * - an existing empty folder (`data-eng new .`): a staging folder inside it, whose entries move up at the end;
 * - a folder that already holds files (a re-run, or a repository to scaffold into): the folder itself, where
 *   Yeoman writes every file only at the end, and an interruption takes away only what this run added.
 */
type Layout =
  | { kind: 'rename'; staging: string; createdParent: string | undefined }
  | { kind: 'move-up'; staging: string }
  | { kind: 'in-place'; before: readonly string[] };

function chooseLayout(target: string): Layout {
  if (!existsSync(target)) {
    const createdParent = mkdirSync(dirname(target), { recursive: true });
    return { kind: 'rename', staging: makeStagingFolder(dirname(target)), createdParent };
  }
  const before = readdirSync(target);
  if (before.length === 0) return { kind: 'move-up', staging: makeStagingFolder(target) };
  return { kind: 'in-place', before };
}

/** Take away everything this run added: the staging folder and any parent folders it made, or new entries. */
function undoLayout(layout: Layout, target: string): void {
  if (layout.kind === 'in-place') {
    if (!existsSync(target)) return;
    for (const entry of readdirSync(target).filter((name) => !layout.before.includes(name)))
      rmSync(join(target, entry), { recursive: true, force: true });
    return;
  }
  rmSync(layout.staging, { recursive: true, force: true });
  if (layout.kind === 'rename' && layout.createdParent)
    rmSync(layout.createdParent, { recursive: true, force: true });
}

/** Put the finished files where the project goes, in one rename per entry. */
function finishLayout(layout: Layout, target: string): void {
  if (layout.kind === 'rename') renameSync(layout.staging, target);
  else if (layout.kind === 'move-up') {
    for (const entry of readdirSync(layout.staging))
      renameSync(join(layout.staging, entry), join(target, entry));
    rmdirSync(layout.staging);
  }
}

/**
 * `data-eng new [dir]`: scaffold a project. The files are written where the project does not yet see them
 * (see Layout) and put in place at the end, so a failure or Ctrl-C leaves nothing behind, or only what was
 * there before. The plugins' hooks then run in the finished project; if one fails, the files stay complete.
 */
export async function runNew(
  dir: string,
  options: Record<string, unknown>,
  extraArgs: readonly string[],
): Promise<void> {
  const target = resolve(dir);
  checkTarget(dir, target);
  if (options.dryRun) {
    const created = !existsSync(target);
    // The first folder of the path that does not exist yet: Yeoman makes the destination's parents too.
    let firstMissing = target;
    while (!existsSync(dirname(firstMissing))) firstMissing = dirname(firstMissing);
    // destinationRoot pins the project to `target`: Yeoman would otherwise adopt a parent folder's .yo-rc.json.
    await runGenerator(
      'app',
      created ? process.cwd() : target,
      { ...options, destinationRoot: target },
      extraArgs,
    );
    // Yeoman creates the destination even when nothing is written; a dry run leaves no trace.
    if (created && existsSync(firstMissing)) rmSync(firstMissing, { recursive: true, force: true });
    return;
  }
  const { runScaffoldHooks, readyLines } = await import('../../lib/generator/project-tasks.js');
  let layout: Layout | undefined;
  /** writing: nothing is in place yet; hooks: the hook runner stops them and says so; done: the project stays. */
  let stage: 'writing' | 'hooks' | 'done' = 'writing';
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stage === 'hooks') return;
    const what = signal === 'SIGINT' ? 'cancelled' : `stopped by ${signal}`;
    if (stage === 'writing') {
      if (layout) undoLayout(layout, target);
      process.stderr.write(
        layout?.kind === 'in-place'
          ? `data-eng: ${what}; what this run added is removed, but files that were already here may hold merged changes (git diff shows them).\n`
          : `data-eng: ${what}, nothing written.\n`,
      );
    } else {
      process.stderr.write(`data-eng: ${what}; the project is complete in ${target}.\n`);
    }
    process.exit(signal === 'SIGINT' ? EXIT.INTERRUPTED : 143);
  };
  // Listening before the first folder is made: a signal at any point after it finds it to take away.
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    layout = chooseLayout(target);
  } catch (error) {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    const { code, path } = error as NodeJS.ErrnoException;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
      throw new CliError(
        `data-eng new cannot write in ${path && !basename(path).startsWith('.data-eng-new-') ? path : dirname(path ?? target)} (${code}); pick a folder you can write to.`,
        EXIT.USAGE,
      );
    throw error;
  }
  const root = layout.kind === 'in-place' ? target : layout.staging;
  let built: Awaited<ReturnType<typeof runGenerator>>;
  try {
    try {
      built = await runGenerator(
        'app',
        root,
        // The hooks run below, in the finished project; projectFolder names it for the defaults and messages.
        { ...options, destinationRoot: root, projectFolder: target, deferHooks: true },
        extraArgs,
      );
      finishLayout(layout, target);
      stage = 'hooks';
    } catch (error) {
      // A folder that held files before keeps what this run wrote up to a failure (a re-run's conflict writes
      // nothing); everything else goes.
      if (layout.kind !== 'in-place') undoLayout(layout, target);
      throw error;
    }
    await runScaffoldHooks(
      target,
      { skip: Boolean(options.skipInstall), build: Boolean(options.build), up: Boolean(options.up) },
      built,
    );
    stage = 'done';
    for (const line of await readyLines(target)) process.stderr.write(`${line}\n`);
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}
