import { mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gitInProject, ignoredWith } from './project-files.js';

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

  it('says which planned .gitignore hides each path, folders on the way included, whatever characters a path holds', async () => {
    execFileSync('git', ['init', '-q', dir]);
    const odd = 'docs/notes "q"\tä.md';
    const hidden = await ignoredWith(
      dir,
      [odd, 'conf/env/dev.yaml', 'src/kept.py'],
      new Map([
        ['.gitignore', 'env/\n'],
        ['docs/.gitignore', '*.md\n'],
      ]),
    );
    expect(hidden.files).toEqual([odd, 'conf/env/dev.yaml']);
    expect(hidden.dirs).toEqual(['conf/env/']);
    expect(Object.fromEntries(hidden.from)).toEqual({
      [odd]: 'docs/.gitignore',
      'conf/env/dev.yaml': '.gitignore',
      'conf/env/': '.gitignore',
    });
  });
});
