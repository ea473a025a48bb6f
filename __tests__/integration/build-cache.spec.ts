import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { ImageBuild, Progress, Stack } from '../../lib/plugins/public-api.js';
import { runHooks } from '../../lib/plugins/run-hooks.js';
import plugin from '../../plugins/build-cache/index.js';
import type { TargetResult } from '../../plugins/build-cache/build-types.js';
import { describeWithServices } from '../helpers/services.js';

/** Every image these tests build carries this label (set in the fixtures' first stage), for cleanup. */
const RUN = randomBytes(4).toString('hex');
const RUN_LABEL = `data-eng.test-run=${RUN}`;
const STAGES = ['system', 'dependencies', 'runtime', 'development'];
const throwaway: string[] = [];
/** `registry/repo:tag` references these tests pushed; their manifests are deleted afterwards. */
const pushed: string[] = [];

/** Delete a pushed image from the registry (by its manifest digest); a registry without deletes keeps it. */
async function deleteFromRegistry(reference: string): Promise<void> {
  const slash = reference.indexOf('/');
  const colon = reference.lastIndexOf(':');
  const [host, repo, tag] = [
    reference.slice(0, slash),
    reference.slice(slash + 1, colon),
    reference.slice(colon + 1),
  ];
  const accept = [
    'application/vnd.docker.distribution.manifest.v2+json',
    'application/vnd.oci.image.manifest.v1+json',
  ].join(', ');
  const head = await fetch(`http://${host}/v2/${repo}/manifests/${tag}`, {
    method: 'HEAD',
    headers: { accept },
  });
  const digest = head.headers.get('docker-content-digest');
  if (digest) await fetch(`http://${host}/v2/${repo}/manifests/${digest}`, { method: 'DELETE' });
}
const dirs: string[] = [];

function docker(args: string[], input?: Buffer): string {
  return execFileSync('docker', args, {
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
    input,
    timeout: 300_000,
  });
}

function write(dir: string, path: string, content: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), content);
}

/**
 * A project in the shape of a generated one: four stages, requirements in dependencies, DAGs in runtime.
 * Each fixture's first stage carries its own label, so its keys are its own; a copy shares them.
 */
function fixture(base: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'build-cache-it-'));
  dirs.push(dir);
  write(
    dir,
    'Dockerfile',
    [
      `FROM ${base} AS system`,
      `LABEL ${RUN_LABEL} data-eng.test-fixture=${randomBytes(4).toString('hex')}`,
      'RUN echo system > /system.txt',
      'FROM system AS dependencies',
      'ARG DEP_VERSION=1',
      'COPY requirements.txt /requirements.txt',
      'RUN --mount=type=cache,target=/var/cache/fixture echo "deps $DEP_VERSION" && cat /requirements.txt',
      'FROM dependencies AS runtime',
      'COPY dags/ /opt/airflow/dags/',
      'FROM runtime AS development',
      'RUN echo dev > /dev.txt',
    ].join('\n'),
  );
  write(dir, '.dockerignore', '.data-eng\nnotes.md\n**/__pycache__\n');
  write(dir, 'requirements.txt', 'pandas==2.2.2\n');
  write(dir, 'dags/etl.py', 'print("etl")\n');
  write(dir, 'notes.md', 'notes\n');
  return dir;
}

function stackOf(project: string, build: Partial<ImageBuild> = {}): Stack {
  return {
    project: { name: project, title: project, description: '', packageName: project.replaceAll('-', '_') },
    services: {},
    volumes: {},
    builds: {
      app: {
        name: 'app',
        owner: 'test',
        dockerfile: 'Dockerfile',
        context: '.',
        args: {},
        stages: STAGES,
        ...build,
      },
    },
    secrets: {},
    settings: {},
  };
}

const progress: Progress = { step: (_title, run) => run(() => undefined, { failed: () => undefined }) };
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Run `data-eng build` through the real hook runner; returns each target's result by stage. */
async function build(
  dir: string,
  stack: Stack,
  options: Record<string, unknown> = {},
  answers: Record<string, unknown> = {},
): Promise<Record<string, TargetResult>> {
  const [result] = await runHooks(
    {
      projectDir: dir,
      stack,
      contributors: [{ definition: plugin, answers: { registry: '', push: true, platform: '', ...answers } }],
      options: { action: 'build', ...options },
      logger: silent,
      progress,
    },
    ['buildCache'],
  );
  const report = result!.report.build as { targets: TargetResult[] };
  return Object.fromEntries(report.targets.map((t) => [t.target, t]));
}

const statuses = (results: Record<string, TargetResult>) =>
  Object.fromEntries(Object.entries(results).map(([stage, r]) => [stage, r.status]));

afterAll(async () => {
  for (const reference of pushed) await deleteFromRegistry(reference).catch(() => undefined);
  const ids = docker(['images', '-q', '--filter', `label=${RUN_LABEL}`])
    .split('\n')
    .filter(Boolean);
  if (ids.length) docker(['rmi', '-f', ...new Set(ids)]);
  for (const ref of throwaway) {
    try {
      docker(['rmi', '-f', ref]);
    } catch {
      // already gone with its tag
    }
  }
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describeWithServices('build-cache against the real engine', (services) => {
  const base = services.baseImage;

  it('builds cold, then answers from the cache without building, tagged for compose', async () => {
    const dir = fixture(base);
    const stack = stackOf(`bc-cold-${RUN}`);
    const cold = await build(dir, stack);
    expect(statuses(cold)).toEqual({
      system: 'built',
      dependencies: 'built',
      runtime: 'built',
      development: 'built',
    });
    const warm = await build(dir, stack);
    expect(statuses(warm)).toEqual({
      system: 'hit',
      dependencies: 'hit',
      runtime: 'hit',
      development: 'hit',
    });
    expect(warm.runtime!.id).toBe(cold.runtime!.id);
    const inspect = JSON.parse(docker(['image', 'inspect', `bc-cold-${RUN}-app:runtime`]))[0];
    expect(inspect.Id).toBe(cold.runtime!.id);
    expect(inspect.Config.Labels).toMatchObject({
      'data-eng.build-cache.key': cold.runtime!.key,
      'data-eng.build-cache.project': `bc-cold-${RUN}`,
      'data-eng.build-cache.stage': 'runtime',
    });
    expect(inspect.RepoTags).toContain(`bc-cold-${RUN}-app:runtime-${cold.runtime!.key.slice(0, 12)}`);
  });

  it('rebuilds only the stages a context edit affects, and nothing for an ignored file', async () => {
    const dir = fixture(base);
    const stack = stackOf(`bc-edit-${RUN}`);
    const first = await build(dir, stack);
    write(dir, 'dags/etl.py', 'print("etl v2")\n');
    const edited = await build(dir, stack);
    expect(statuses(edited)).toEqual({
      system: 'hit',
      dependencies: 'hit',
      runtime: 'built',
      development: 'built',
    });
    expect(edited.runtime!.key).not.toBe(first.runtime!.key);
    write(dir, 'notes.md', 'other notes\n');
    write(dir, 'dags/__pycache__/etl.cpython-312.pyc', 'bytes');
    const ignored = await build(dir, stack);
    expect(statuses(ignored)).toEqual({
      system: 'hit',
      dependencies: 'hit',
      runtime: 'hit',
      development: 'hit',
    });
  });

  it('misses when a build arg changes, from the stage that declares it on', async () => {
    const dir = fixture(base);
    await build(dir, stackOf(`bc-arg-${RUN}`, { args: { DEP_VERSION: '1' } }));
    const changed = await build(dir, stackOf(`bc-arg-${RUN}`, { args: { DEP_VERSION: '2' } }));
    expect(statuses(changed)).toEqual({
      system: 'hit',
      dependencies: 'built',
      runtime: 'built',
      development: 'built',
    });
  });

  it('misses when the base image is re-imported with other content under the same name', async () => {
    const baseRef = `bc-base-${RUN}:1`;
    throwaway.push(baseRef);
    const importBase = (content: string): void => {
      const root = mkdtempSync(join(tmpdir(), 'build-cache-base-'));
      dirs.push(root);
      write(root, 'etc/base-version', content);
      // The replaced image stays behind untagged: remember its ID for the cleanup.
      throwaway.push(docker(['import', '-', baseRef], execFileSync('tar', ['-C', root, '-c', '.'])).trim());
    };
    const dir = mkdtempSync(join(tmpdir(), 'build-cache-it-'));
    dirs.push(dir);
    // An imported tarball has no shell: this fixture only copies.
    write(dir, 'Dockerfile', `FROM ${baseRef} AS system\nLABEL ${RUN_LABEL}\nCOPY a.txt /a.txt\n`);
    write(dir, 'a.txt', 'a\n');
    const stack = stackOf(`bc-base-${RUN}`, { stages: ['system'] });
    importBase('one');
    expect((await build(dir, stack)).system!.status).toBe('built');
    expect((await build(dir, stack)).system!.status).toBe('hit');
    importBase('two');
    const after = await build(dir, stack);
    expect(after.system!.status).toBe('built');
  });

  it('pulls a base image the engine lacks before building, so the key covers its content', async () => {
    const remoteBase = `${services.registry}/bc-base-${RUN}:remote`;
    throwaway.push(remoteBase);
    docker(['tag', base, remoteBase]);
    docker(['push', remoteBase]);
    pushed.push(remoteBase);
    docker(['rmi', remoteBase]);
    const dir = fixture(remoteBase);
    const stack = stackOf(`bc-pullbase-${RUN}`, { stages: ['system'] });
    const first = await build(dir, stack);
    expect(first.system).toMatchObject({ status: 'built', weak: [] });
    expect((await build(dir, stack)).system!.status).toBe('hit');
  });

  it('reuses the image of another project with identical inputs, without building', async () => {
    const one = fixture(base);
    const built = await build(one, stackOf(`bc-one-${RUN}`));
    const two = mkdtempSync(join(tmpdir(), 'build-cache-it-'));
    dirs.push(two);
    cpSync(one, two, { recursive: true, filter: (path) => !path.includes('.data-eng') });
    const shared = await build(two, stackOf(`bc-two-${RUN}`));
    expect(statuses(shared)).toEqual({
      system: 'shared',
      dependencies: 'shared',
      runtime: 'shared',
      development: 'shared',
    });
    expect(shared.runtime!.id).toBe(built.runtime!.id);
    expect(shared.runtime!.from).toMatch(new RegExp(`^bc-one-${RUN}-app:`));
    const tags = JSON.parse(docker(['image', 'inspect', built.runtime!.id]))[0].RepoTags as string[];
    expect(tags).toEqual(expect.arrayContaining([`bc-one-${RUN}-app:runtime`, `bc-two-${RUN}-app:runtime`]));
  });

  it('lets two runs of the same key build it once', async () => {
    const one = fixture(base);
    const two = mkdtempSync(join(tmpdir(), 'build-cache-it-'));
    dirs.push(two);
    cpSync(one, two, { recursive: true });
    const [a, b] = await Promise.all([
      build(one, stackOf(`bc-race-a-${RUN}`)),
      build(two, stackOf(`bc-race-b-${RUN}`)),
    ]);
    for (const stage of STAGES) {
      const pair = [a[stage]!.status, b[stage]!.status].sort();
      expect(pair).toEqual(['built', 'shared']);
      expect(a[stage]!.id).toBe(b[stage]!.id);
    }
  });

  it('rebuilds with --no-cache even though the key exists', async () => {
    const dir = fixture(base);
    const stack = stackOf(`bc-nocache-${RUN}`);
    await build(dir, stack, { target: 'dependencies' });
    const again = await build(dir, stack, { target: 'dependencies', cache: false });
    expect(statuses(again)).toEqual({ dependencies: 'built' });
  });

  it('records the keys after scaffolding without building, with or without an engine', async () => {
    const dir = fixture(base);
    const scaffold = async (): Promise<Record<string, unknown>> => {
      const [result] = await runHooks(
        {
          projectDir: dir,
          stack: stackOf(`bc-scaffold-${RUN}`),
          contributors: [{ definition: plugin, answers: {} }],
          options: { phase: 'scaffold', build: false },
          logger: silent,
          progress,
        },
        ['buildCache'],
      );
      return result!.report;
    };
    const withEngine = (await scaffold()).keys as {
      builds: { app: { stages: Record<string, { key: string }> } };
    };
    expect(Object.keys(withEngine.builds.app.stages)).toEqual(STAGES);
    const record = JSON.parse(readFileSync(join(dir, '.data-eng/cache/keys.json'), 'utf8'));
    expect(record).toEqual(withEngine);
    expect(docker(['images', '-q', `bc-scaffold-${RUN}-app`])).toBe('');
    const saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = `unix://${tmpdir()}/no-engine-${RUN}.sock`;
    try {
      const offline = (await scaffold()).keys as typeof withEngine;
      expect(offline.builds.app.stages.system!.key).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    }
  });

  it('reports a failing build with the failing step and its output', async () => {
    const dir = fixture(base);
    write(
      dir,
      'Dockerfile',
      `FROM ${base} AS system\nLABEL ${RUN_LABEL}\nRUN echo "checking the mirror" && ls /no-such-dir-${RUN}\n`,
    );
    const failure = build(dir, stackOf(`bc-fail-${RUN}`, { stages: ['system'] }));
    await expect(failure).rejects.toThrow(/failed at step \[2\/2\] RUN echo "checking the mirror"/);
    await expect(failure).rejects.toThrow(/\| checking the mirror/);
    await expect(failure).rejects.toThrow(new RegExp(`No such file or directory`));
  });

  it('pushes fresh builds to the registry and pulls them by key into a fresh clone', async () => {
    const dir = fixture(base);
    const answers = { registry: services.registry };
    const built = await build(dir, stackOf(`bc-reg-${RUN}`), {}, answers);
    pushed.push(...Object.values(built).flatMap((result) => result.pushed));
    expect(built.runtime!.pushed).toEqual([
      `${services.registry}/data-eng-build-cache:${built.runtime!.key}`,
      `${services.registry}/bc-reg-${RUN}-app:runtime-${built.runtime!.key.slice(0, 12)}`,
    ]);
    // Nothing of it left in the engine: the next project can only get it from the registry.
    const ids = docker(['images', '-q', '--filter', `label=data-eng.build-cache.project=bc-reg-${RUN}`]);
    docker(['rmi', '-f', ...new Set(ids.split('\n').filter(Boolean))]);
    const clone = mkdtempSync(join(tmpdir(), 'build-cache-it-'));
    dirs.push(clone);
    cpSync(dir, clone, { recursive: true, filter: (path) => !path.includes('.data-eng') });
    const pulled = await build(clone, stackOf(`bc-clone-${RUN}`), {}, answers);
    expect(statuses(pulled)).toEqual({
      system: 'pulled',
      dependencies: 'pulled',
      runtime: 'pulled',
      development: 'pulled',
    });
    expect(pulled.runtime!.from).toBe(`${services.registry}/data-eng-build-cache:${built.runtime!.key}`);
    const labels = JSON.parse(docker(['image', 'inspect', `bc-clone-${RUN}-app:runtime`]))[0].Config.Labels;
    expect(labels['data-eng.build-cache.key']).toBe(built.runtime!.key);
  });
});
