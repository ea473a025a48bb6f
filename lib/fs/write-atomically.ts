import { chmod, chown, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Write one file atomically: a temporary file beside it, readable by its owner only while it is written, given its
 * mode, then renamed over the old one (a read-only file is rewritten read-only). An interrupted run leaves either the old file or the new one, never half of either.
 * A link keeps pointing where it did: the file it leads to is replaced (callers check with projectPath that it
 * is inside the project). An existing file keeps its mode unless `mode` is given.
 */
export async function writeAtomically(
  path: string,
  content: string | Uint8Array,
  mode: number | undefined,
): Promise<void> {
  const existing = await stat(path).catch(() => undefined);
  const target = existing ? await realpath(path) : path;
  const keepMode = mode ?? (existing ? existing.mode & 0o777 : undefined);
  const temporary = join(dirname(target), `.${basename(target)}.data-eng-${process.pid}.tmp`);
  try {
    await writeFile(temporary, '', { mode: keepMode === undefined ? 0o666 : 0o600, flag: 'wx' });
    // The file keeps its owner (a re-render by root, e.g. in a dev container, of a user's project); only root
    // can give a file away, and anyone else writes files they own anyway.
    if (existing && (existing.uid !== process.getuid?.() || existing.gid !== process.getgid?.()))
      await chown(temporary, existing.uid, existing.gid).catch(() => undefined);
    await writeFile(temporary, content);
    if (keepMode !== undefined) await chmod(temporary, keepMode);
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
