import { describe, expect, it } from 'vitest';
import { parseDockerfile } from './dockerfile-stages.js';
import { expandVars } from './expand-vars.js';
import { stageKeys, type StageKeyInputs } from './stage-keys.js';

/** Keys by stage for a Dockerfile, with context digests that name the sources they were asked for. */
async function keysOf(
  text: string,
  overrides: Partial<StageKeyInputs> = {},
): Promise<Record<string, string>> {
  const asked: string[] = [];
  const keys = await stageKeys({
    dockerfile: parseDockerfile(text),
    buildArgs: {},
    platform: 'linux/amd64',
    contextDigest: (sources) => {
      asked.push(sources.join(','));
      return `digest(${sources.join(',')})`;
    },
    imageIdentity: async (ref) => ({ id: `id-of-${ref}`, weak: false }),
    ...overrides,
  });
  return Object.fromEntries(keys.map((k) => [k.stage, k.key]));
}

describe('expandVars', () => {
  it('expands $VAR, ${VAR}, ${VAR:-default} and ${VAR:+alt}, and reports unset variables', () => {
    const vars = new Map([['A', 'x']]);
    expect(expandVars('$A-${A}-${B:-d}-${A:+y}-\\$A', vars)).toEqual({
      value: 'x-x-d-y-$A',
      unresolved: false,
    });
    expect(expandVars('${MISSING}/a', vars)).toEqual({ value: '/a', unresolved: true });
  });
});

describe('stageKeys', () => {
  it('resolves FROM through global ARGs and build args', async () => {
    const text = 'ARG BASE=img:1\nFROM ${BASE} AS a\nRUN x';
    const seen: string[] = [];
    await keysOf(text, {
      buildArgs: { BASE: 'img:2' },
      imageIdentity: async (ref) => {
        seen.push(ref);
        return { id: ref, weak: false };
      },
    });
    expect(seen).toEqual(['img:2']);
  });

  it('follows COPY --from and RUN --mount from= to the stage they name', async () => {
    const text = (marker: string) =>
      [
        'FROM scratch AS tools',
        `COPY ${marker} /t`,
        'FROM scratch AS app',
        'COPY --from=tools /t /t',
        'FROM scratch AS other',
        'RUN --mount=type=bind,from=tools,target=/t true',
      ].join('\n');
    const one = await keysOf(text('a.txt'));
    const two = await keysOf(text('b.txt'));
    expect(two.tools).not.toBe(one.tools);
    expect(two.app).not.toBe(one.app);
    expect(two.other).not.toBe(one.other);
  });

  it('depends on the whole context when a COPY source uses an unset variable', async () => {
    const asked: string[] = [];
    await stageKeys({
      dockerfile: parseDockerfile('FROM scratch AS a\nCOPY ${UNSET}/x /x\nARG DIR=src\nCOPY $DIR/y /y'),
      buildArgs: {},
      platform: 'linux/amd64',
      contextDigest: (sources) => (asked.push(sources.join(',')), 'd'),
      imageIdentity: async () => ({ id: 'i', weak: false }),
    });
    expect(asked).toEqual(['.', 'src/y']);
  });

  it('changes with the platform and with the stage text, not with comments', async () => {
    const base = await keysOf('FROM scratch AS a\nRUN x');
    expect((await keysOf('FROM scratch AS a\n# note\nRUN x')).a).toBe(base.a);
    expect((await keysOf('FROM scratch AS a\nRUN  x')).a).not.toBe(base.a);
    expect((await keysOf('FROM scratch AS a\nRUN x', { platform: 'linux/arm64' })).a).not.toBe(base.a);
  });

  it('marks a remote ADD and an image known only by name as weaker', async () => {
    const keys = await stageKeys({
      dockerfile: parseDockerfile('FROM img:1 AS a\nADD https://example.com/x.tgz /x'),
      buildArgs: {},
      platform: 'linux/amd64',
      contextDigest: () => 'd',
      imageIdentity: async (ref) => ({ id: `ref:${ref}`, weak: true }),
    });
    expect(keys[0]!.weakReasons).toEqual([
      'image img:1 is not in the engine: its reference stands in for its content',
      'ADD of https://example.com/x.tgz is fetched at build time',
    ]);
  });
});
