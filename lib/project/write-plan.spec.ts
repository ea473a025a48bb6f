import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writePlan } from './write-plan.js';

describe('writePlan: writes inside the project, each file atomically', () => {
  let root: string;
  let project: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'write-plan-'));
    project = join(root, 'project');
    mkdirSync(join(project, 'conf'), { recursive: true });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('replaces files whole, keeps a mode the user set, sets a mode the plan names, leaves no temporary file', async () => {
    writeFileSync(join(project, 'run.sh'), 'old\n');
    chmodSync(join(project, 'run.sh'), 0o750);
    await writePlan(project, [
      { path: 'run.sh', content: 'new\n' },
      { path: '.env', content: 'SECRET=x\n', mode: 0o600 },
      { path: 'conf/deep/a.yaml', content: 'a: 1\n' },
    ]);
    expect(readFileSync(join(project, 'run.sh'), 'utf8')).toBe('new\n');
    expect(statSync(join(project, 'run.sh')).mode & 0o777).toBe(0o750);
    expect(statSync(join(project, '.env')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(project, 'conf/deep/a.yaml'), 'utf8')).toBe('a: 1\n');
    expect(readdirSync(project).filter((name) => name.includes('.tmp'))).toEqual([]);
  });

  it('writes through a link that stays inside, and the link stays a link', async () => {
    writeFileSync(join(project, 'conf', 'base.yaml'), 'a: 1\n');
    symlinkSync('conf/base.yaml', join(project, 'config.yaml'));
    await writePlan(project, [{ path: 'config.yaml', content: 'a: 2\n' }]);
    expect(readlinkSync(join(project, 'config.yaml'))).toBe('conf/base.yaml');
    expect(readFileSync(join(project, 'conf', 'base.yaml'), 'utf8')).toBe('a: 2\n');
  });

  it('refuses a link that leads outside before writing anything at all', async () => {
    writeFileSync(join(root, 'victim.env'), 'mine\n');
    chmodSync(join(root, 'victim.env'), 0o644);
    symlinkSync('../victim.env', join(project, '.env'));
    await expect(
      writePlan(project, [
        { path: 'compose.yaml', content: 'name: x\n' },
        { path: '.env', content: 'SECRET=x\n', mode: 0o600 },
      ]),
    ).rejects.toThrow(/\.env is a symbolic link to .*victim\.env, outside the project/);
    expect(readFileSync(join(root, 'victim.env'), 'utf8')).toBe('mine\n');
    expect(statSync(join(root, 'victim.env')).mode & 0o777).toBe(0o644);
    expect(readdirSync(project)).toEqual(['.env', 'conf']);
  });
});
