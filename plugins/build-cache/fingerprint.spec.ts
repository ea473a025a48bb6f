import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImageBuild } from '../../lib/plugins/public-api.js';
import { fingerprintBuild } from './fingerprint.js';
import type { ImageIdentity } from './stage-keys.js';

const DOCKERFILE = [
  'ARG BASE=local/debian:bookworm',
  'FROM ${BASE} AS dependencies',
  'ARG PIP_VERSION=24.0',
  'COPY requirements.txt /requirements.txt',
  'RUN pip install pip==$PIP_VERSION && pip install -r /requirements.txt',
  'FROM dependencies AS runtime',
  'COPY dags/ /opt/airflow/dags/',
  'FROM runtime AS development',
  'RUN pip install pytest',
].join('\n');

let dir: string;

function write(path: string, content: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), content);
}

function build(args: ImageBuild['args'] = {}): ImageBuild {
  return {
    name: 'airflow',
    owner: 'airflow',
    dockerfile: 'Dockerfile.airflow',
    context: '.',
    args,
    stages: ['dependencies', 'runtime', 'development'],
  };
}

const LOCAL_BASE = async (): Promise<ImageIdentity> => ({ id: 'sha256:base-one', weak: false });

/** The keys by stage, and how many files the run had to read. */
async function keys(
  options: { args?: ImageBuild['args']; identity?: (ref: string) => Promise<ImageIdentity> } = {},
) {
  const fp = await fingerprintBuild({
    projectDir: dir,
    build: build(options.args),
    platform: 'linux/amd64',
    imageIdentity: options.identity ?? LOCAL_BASE,
  });
  return {
    ...Object.fromEntries(fp.stages.map((s) => [s.stage, s.key])),
    hashed: fp.contextStats.hashedFiles,
    weak: fp.stages.flatMap((s) => s.weakReasons),
  } as { dependencies: string; runtime: string; development: string; hashed: number; weak: string[] };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'build-cache-fp-'));
  write('Dockerfile.airflow', DOCKERFILE);
  write('.dockerignore', ['.data-eng', '**/__pycache__', 'notes.md', '.env'].join('\n'));
  write('requirements.txt', 'pandas==2.2.2\n');
  write('dags/etl.py', 'print("etl")\n');
  write('notes.md', 'my notes\n');
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('fingerprintBuild', () => {
  it('changes the runtime and development keys, not dependencies, when a DAG is edited', async () => {
    const before = await keys();
    write('dags/etl.py', 'print("etl v2")\n');
    const after = await keys();
    expect(after.dependencies).toBe(before.dependencies);
    expect(after.runtime).not.toBe(before.runtime);
    expect(after.development).not.toBe(before.development);
  });

  it('changes every key when the requirements change', async () => {
    const before = await keys();
    write('requirements.txt', 'pandas==2.2.3\n');
    const after = await keys();
    expect([after.dependencies, after.runtime, after.development]).not.toContain(before.dependencies);
    expect(after.runtime).not.toBe(before.runtime);
  });

  it('changes nothing when an ignored file is edited or added', async () => {
    const before = await keys();
    write('notes.md', 'other notes\n');
    write('dags/__pycache__/etl.cpython-312.pyc', 'bytecode');
    write('.env', 'SECRET=1\n');
    const after = await keys();
    expect([after.dependencies, after.runtime, after.development]).toEqual([
      before.dependencies,
      before.runtime,
      before.development,
    ]);
  });

  it('sees a new file, a mode change and a symlink in a copied folder', async () => {
    const base = await keys();
    write('dags/new.py', 'x = 1\n');
    const added = await keys();
    expect(added.runtime).not.toBe(base.runtime);
    chmodSync(join(dir, 'dags/new.py'), 0o755);
    const chmodded = await keys();
    expect(chmodded.runtime).not.toBe(added.runtime);
    symlinkSync('etl.py', join(dir, 'dags/link.py'));
    expect((await keys()).runtime).not.toBe(chmodded.runtime);
  });

  it('changes the keys of the stages declaring a build arg when its value changes', async () => {
    const before = await keys({ args: { PIP_VERSION: '24.0' } });
    const after = await keys({ args: { PIP_VERSION: '24.2' } });
    expect(after.dependencies).not.toBe(before.dependencies);
    expect(after.development).not.toBe(before.development);
    const unused = await keys({ args: { PIP_VERSION: '24.0', NOT_DECLARED: 'x' } });
    expect(unused.dependencies).toBe(before.dependencies);
  });

  it('keys on the base image ID, and says so when only its reference is known', async () => {
    const one = await keys();
    const other = await keys({ identity: async () => ({ id: 'sha256:base-two', weak: false }) });
    expect(other.dependencies).not.toBe(one.dependencies);
    const byName = await keys({ identity: async (ref) => ({ id: `ref:${ref}`, weak: true }) });
    expect(byName.weak[0]).toMatch(/local\/debian:bookworm is not in the engine/);
  });

  it('reads no file of an unchanged tree, and only the changed file after an edit', async () => {
    // Let the writes' timestamp tick pass, or their digests would rightly count as racy.
    await sleep(30);
    expect((await keys()).hashed).toBe(4);
    expect((await keys()).hashed).toBe(0);
    write('dags/etl.py', 'print("etl v3")\n');
    expect((await keys()).hashed).toBe(1);
  });

  it('re-decides which files are sent when .dockerignore changes', async () => {
    write('dags/scratch.py', 'tmp\n');
    const before = await keys();
    write('.dockerignore', ['.data-eng', '**/__pycache__', 'notes.md', '.env', 'dags/scratch.py'].join('\n'));
    const after = await keys();
    expect(after.runtime).not.toBe(before.runtime);
    expect(after.dependencies).toBe(before.dependencies);
  });
});
