import { describe, expect, it } from 'vitest';
import { findStage, parseDockerfile } from './dockerfile-stages.js';

describe('parseDockerfile', () => {
  it('splits the file into named stages with their global ARGs', () => {
    const parsed = parseDockerfile(
      [
        '# a comment',
        'ARG BASE=local/debian:bookworm',
        'ARG PY=3.12',
        'FROM ${BASE} AS System',
        'RUN echo one',
        'FROM system AS deps',
        'COPY requirements.txt /r.txt',
        'FROM --platform=linux/amd64 deps',
        'RUN echo unnamed',
      ].join('\n'),
    );
    expect(parsed.globalArgs).toEqual([
      { name: 'BASE', defaultValue: 'local/debian:bookworm' },
      { name: 'PY', defaultValue: '3.12' },
    ]);
    expect(parsed.stages.map((s) => [s.index, s.name, s.base, s.platform])).toEqual([
      [0, 'system', '${BASE}', undefined],
      [1, 'deps', 'system', undefined],
      [2, undefined, 'deps', 'linux/amd64'],
    ]);
    expect(parsed.stages[1]!.instructions.map((i) => [i.keyword, i.args, i.line])).toEqual([
      ['COPY', 'requirements.txt /r.txt', 7],
    ]);
  });

  it('joins continuation lines and drops comment lines inside them', () => {
    const parsed = parseDockerfile(
      [
        'FROM scratch AS a',
        'RUN apt-get update \\',
        '  # why: fresh lists',
        '  && apt-get install -y curl',
      ].join('\n'),
    );
    expect(parsed.stages[0]!.instructions.map((i) => i.text)).toEqual([
      'RUN apt-get update   && apt-get install -y curl',
    ]);
  });

  it('honours the escape parser directive', () => {
    const parsed = parseDockerfile(['# escape=`', 'FROM scratch AS a', 'RUN echo a `', '  b'].join('\n'));
    expect(parsed.stages[0]!.instructions[0]!.text).toBe('RUN echo a   b');
  });

  it('reads flags: COPY --from, RUN --mount, lower-cased names', () => {
    const parsed = parseDockerfile(
      [
        'FROM scratch AS a',
        'COPY --from=deps --chown=airflow:0 /x /y',
        'RUN --mount=type=cache,target=/root/.cache --network=none pip install x',
      ].join('\n'),
    );
    const [copy, run] = parsed.stages[0]!.instructions;
    expect(copy!.flags).toEqual([
      { name: 'from', value: 'deps' },
      { name: 'chown', value: 'airflow:0' },
    ]);
    expect(copy!.args).toBe('/x /y');
    expect(run!.flags).toEqual([
      { name: 'mount', value: 'type=cache,target=/root/.cache' },
      { name: 'network', value: 'none' },
    ]);
    expect(run!.args).toBe('pip install x');
  });

  it('finds earlier stages by name or index only', () => {
    const parsed = parseDockerfile(['FROM scratch AS a', 'FROM a AS b', 'FROM b AS c'].join('\n'));
    expect(findStage(parsed, 'A', 2)?.index).toBe(0);
    expect(findStage(parsed, '1', 2)?.name).toBe('b');
    expect(findStage(parsed, 'c', 2)).toBeUndefined();
  });

  it('rejects a file without FROM, naming the file', () => {
    expect(() => parseDockerfile('RUN echo', 'Dockerfile.airflow')).toThrow(/Dockerfile.airflow has no FROM/);
  });
});
