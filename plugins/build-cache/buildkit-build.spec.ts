import { describe, expect, it } from 'vitest';
import { buildArguments, failureMessage, followProgress } from './buildkit-build.js';

// What `docker buildx build --progress=plain` prints for a failing RUN (BuildKit 0.8, Docker 20.10).
const FAILED_BUILD = `#0 building with "default" instance using docker driver

#4 [dependencies 1/2] FROM docker.io/local/debian:bookworm
#4 CACHED

#5 [dependencies 2/2] RUN echo step one && ls /nonexistent-dir
#5 0.360 step one
#5 0.362 ls: cannot access '/nonexistent-dir': No such file or directory
#5 ERROR: executor failed running [/bin/sh -c echo step one && ls /nonexistent-dir]: exit code: 2
------
 > [dependencies 2/2] RUN echo step one && ls /nonexistent-dir:
------
ERROR: failed to solve: executor failed running [/bin/sh -c echo step one && ls /nonexistent-dir]: exit code: 2`;

describe('BuildKit output', () => {
  it('names the failing step with its error and its output', () => {
    const steps = new Map();
    const lines = FAILED_BUILD.split('\n');
    for (const line of lines) followProgress(steps, line);
    const message = failureMessage('p-airflow:dependencies-abc', steps, lines);
    expect(message.split('\n')).toEqual([
      'Building p-airflow:dependencies-abc failed at step [dependencies 2/2] RUN echo step one && ls /nonexistent-dir: executor failed running [/bin/sh -c echo step one && ls /nonexistent-dir]: exit code: 2',
      'Output of that step (last lines):',
      '  | step one',
      "  | ls: cannot access '/nonexistent-dir': No such file or directory",
    ]);
  });

  it('falls back to the last ERROR line when no step failed', () => {
    const message = failureMessage('img', new Map(), [
      'x',
      'ERROR: failed to read dockerfile: open Dockerfile: no such file',
    ]);
    expect(message).toBe('Building img failed: failed to read dockerfile: open Dockerfile: no such file');
  });

  it('builds through buildx with plain progress, labels, tags, args and inline cache', () => {
    const args = buildArguments(
      {
        context: '/p',
        dockerfile: '/p/Dockerfile.airflow',
        target: 'runtime',
        args: { PY: '3.12' },
        platform: '',
        tags: ['p-airflow:runtime-abc', 'p-airflow:runtime'],
        labels: { 'data-eng.build-cache.key': 'abc' },
        noCache: true,
        cacheFrom: ['reg/x:1'],
        dockerHost: 'unix:///var/run/docker.sock',
        signal: new AbortController().signal,
        onProgress: () => undefined,
      },
      'buildx',
    );
    expect(args.join(' ')).toBe(
      'buildx build --load --progress=plain -f /p/Dockerfile.airflow --target runtime --build-arg PY=3.12 --build-arg BUILDKIT_INLINE_CACHE=1 --label data-eng.build-cache.key=abc -t p-airflow:runtime-abc -t p-airflow:runtime --cache-from reg/x:1 --no-cache /p',
    );
  });

  it('passes a build secret by the name of an environment variable, never its value', () => {
    const args = buildArguments(
      {
        context: '/p',
        dockerfile: '/p/Dockerfile.airflow',
        target: 'dependencies',
        args: {},
        secrets: { pip_index_url: 'https://user:s3cret@pypi.corp/simple', unset_one: '' },
        platform: '',
        tags: ['p-airflow:dependencies'],
        labels: {},
        noCache: false,
        cacheFrom: [],
        dockerHost: 'unix:///var/run/docker.sock',
        signal: new AbortController().signal,
        onProgress: () => undefined,
      },
      'buildx',
    );
    expect(args).toContain('id=pip_index_url,env=DATA_ENG_BUILD_SECRET_PIP_INDEX_URL');
    expect(args.join(' ')).not.toContain('s3cret');
    expect(args.join(' ')).not.toContain('unset_one');
  });

  it('builds through the classic API on Podman, without BuildKit-only flags', () => {
    const args = buildArguments(
      {
        context: '/p',
        dockerfile: '/p/Dockerfile',
        target: 'runtime',
        args: {},
        platform: '',
        tags: ['p:runtime'],
        labels: {},
        noCache: false,
        cacheFrom: [],
        dockerHost: 'unix:///run/podman/podman.sock',
        signal: new AbortController().signal,
        onProgress: () => undefined,
      },
      'classic',
    );
    expect(args).toEqual(['build', '-f', '/p/Dockerfile', '--target', 'runtime', '-t', 'p:runtime', '/p']);
  });
});
