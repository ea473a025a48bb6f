import { mkdir, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Transform } from 'node:stream';
import type { MemFsEditorFile } from 'mem-fs-editor';
import {
  clearFileState,
  isFileNew,
  isFilePending,
  isFileStateDeleted,
  isFileStateModified,
  setCommittedFile,
} from 'mem-fs-editor/state';
import { createConflicterTransform, createYoResolveTransform, forceYoFiles } from '@yeoman/conflicter';
import { writeAtomically } from '../fs/write-atomically.js';

/** What Yeoman's commit needs from the environment (yeoman-environment's commitSharedFsTask takes the same). */
interface CommitEnvironment {
  readonly adapter: unknown;
  readonly conflicterOptions?: unknown;
  readonly sharedFs: {
    pipeline(
      options: { filter: (file: MemFsEditorFile) => boolean },
      ...transforms: Transform[]
    ): Promise<void>;
  };
}

/** Yeoman's commit step, with each file written atomically (a temporary file beside it, then a rename). */
function createAtomicCommitTransform(): Transform {
  return new Transform({
    objectMode: true,
    transform(file: MemFsEditorFile, _encoding, callback) {
      commitFile(file).then(
        () => callback(null, file),
        (error: unknown) => callback(error as Error),
      );
    },
  });
}

async function commitFile(file: MemFsEditorFile): Promise<void> {
  if (isFileStateModified(file)) {
    setCommittedFile(file);
    if (!file.contents) throw new Error(`${file.path} cannot be written empty`);
    await mkdir(dirname(file.path), { recursive: true });
    await writeAtomically(file.path, file.contents, file.stat?.mode ? file.stat.mode & 0o7777 : undefined);
  } else if (isFileStateDeleted(file) && !isFileNew(file)) {
    setCommittedFile(file);
    await rm(file.path, { recursive: true, force: true });
  }
  clearFileState(file);
}

/**
 * The commit task of a run of data-eng generators (Yeoman's `customCommitTask` feature): Yeoman's own steps
 * (.yo-resolve, the conflicter, which prints what is created or changed and does nothing more with --dry-run),
 * then every file written atomically. An interrupted re-render leaves each file old or new, never half written.
 */
export function atomicCommitTask(env: CommitEnvironment): () => Promise<void> {
  return async () => {
    await env.sharedFs.pipeline(
      { filter: (file) => isFilePending(file) || file.path.endsWith('.yo-resolve') },
      createYoResolveTransform() as unknown as Transform,
      forceYoFiles() as unknown as Transform,
      createConflicterTransform(env.adapter as never, env.conflicterOptions as never) as unknown as Transform,
      createAtomicCommitTransform(),
    );
  };
}
