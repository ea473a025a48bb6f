import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { projectPath, ProjectFileError, readProjectFile } from './project-paths.js';

describe('projectPath: project files resolve inside the project', () => {
  let root: string;
  let project: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'project-paths-'));
    project = join(root, 'project');
    mkdirSync(join(project, 'conf'), { recursive: true });
    writeFileSync(join(root, 'victim.env'), 'SECRET=1\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('takes plain files, files not there yet, and links that stay inside', async () => {
    writeFileSync(join(project, 'conf', 'base.yaml'), 'a: 1\n');
    symlinkSync('conf/base.yaml', join(project, 'config.yaml'));
    expect(projectPath(project, 'conf/base.yaml')).toBe(join(project, 'conf', 'base.yaml'));
    expect(projectPath(project, 'new/deep/file.txt')).toBe(join(project, 'new', 'deep', 'file.txt'));
    expect(await readProjectFile(project, 'config.yaml')).toBe('a: 1\n');
    expect(await readProjectFile(project, 'missing.txt')).toBeUndefined();
  });

  it('refuses a file link that leads outside, naming the link and its target', async () => {
    symlinkSync('../victim.env', join(project, '.env'));
    expect(() => projectPath(project, '.env')).toThrow(ProjectFileError);
    expect(() => projectPath(project, '.env')).toThrow(
      `.env is a symbolic link to ${join(root, 'victim.env')}, outside the project; data-eng does not read or write through it.`,
    );
    await expect(readProjectFile(project, '.env')).rejects.toThrow(/outside the project/);
  });

  it('refuses a folder link on the way out, and an absolute link to a system file', () => {
    symlinkSync(root, join(project, 'docker'));
    symlinkSync('/etc/passwd', join(project, 'README.md'));
    expect(() => projectPath(project, 'docker/postgres/initdb/10.sh')).toThrow(
      `docker is a symbolic link to ${root}, outside the project`,
    );
    expect(() => projectPath(project, 'README.md')).toThrow('README.md is a symbolic link to /etc/passwd');
  });

  it('refuses a dangling or looping link, and a path that climbs out', () => {
    symlinkSync('nowhere', join(project, 'gone.txt'));
    symlinkSync('loop-b', join(project, 'loop-a'));
    symlinkSync('loop-a', join(project, 'loop-b'));
    expect(() => projectPath(project, 'gone.txt')).toThrow(/gone\.txt is a symbolic link that leads nowhere/);
    expect(() => projectPath(project, 'loop-a')).toThrow(/loop-a is a symbolic link that leads nowhere/);
    expect(() => projectPath(project, '../victim.env')).toThrow(/is not a path inside the project/);
    expect(() => projectPath(project, '/etc/passwd')).toThrow(/is not a path inside the project/);
  });

  it('follows a project folder that is itself a link (a checkout on another drive)', async () => {
    const link = join(root, 'linked-project');
    symlinkSync(project, link);
    writeFileSync(join(project, 'conf', 'x.yaml'), 'x: 1\n');
    expect(await readProjectFile(link, 'conf/x.yaml')).toBe('x: 1\n');
  });
});
