import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gitInProject } from './project-files.js';

describe('gitInProject', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'project-files-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('answers when git exits before reading the input it was given, rather than failing on the closed pipe', async () => {
    // `git --version` reads nothing; several megabytes cannot fit in the pipe, so the write meets a closed pipe.
    const input = 'x'.repeat(8 * 1024 * 1024);
    const said = await gitInProject(dir, ['--version'], input);
    expect(said).toMatch(/^git version /);
  });

  it('reads what it is given on standard input', async () => {
    const said = await gitInProject(dir, ['hash-object', '--stdin'], 'hello\n');
    expect(said?.trim()).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
  });
});
