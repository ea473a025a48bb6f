import { describe, expect, it } from 'vitest';
import { parseDotEnv, resolveBuildArgs } from './build-args.js';
import { formatAge, parseAge } from './cache-images.js';
import { resolveSettings } from './settings.js';

describe('settings and small parsers', () => {
  it('lets DATA_ENG_CACHE_REGISTRY override the stored registry', () => {
    const ctx = { answers: { registry: 'reg.example.com/team/', push: false } };
    expect(resolveSettings(ctx, {})).toEqual({ registry: 'reg.example.com/team', push: false, platform: '' });
    expect(resolveSettings(ctx, { DATA_ENG_CACHE_REGISTRY: '127.0.0.1:5000' }).registry).toBe(
      '127.0.0.1:5000',
    );
  });

  it('resolves build args from the environment, then .env, then the fallback', () => {
    const args = resolveBuildArgs(
      {
        A: 'plain',
        B: { ref: 'FROM_ENV' },
        C: { ref: 'MISSING', fallback: 'fb' },
        D: { parts: ['x-', { ref: 'FROM_ENV' }] },
      },
      '/nonexistent',
      { FROM_ENV: 'e' },
    );
    expect(args).toEqual({ A: 'plain', B: 'e', C: 'fb', D: 'x-e' });
    expect(parseDotEnv('# c\nA=1\nexport B="two words"\nC=3 # note\n')).toEqual(
      new Map([
        ['A', '1'],
        ['B', 'two words'],
        ['C', '3'],
      ]),
    );
  });

  it('reads ages for prune and prints them back', () => {
    expect(parseAge('7d')).toBe(7 * 86_400_000);
    expect(parseAge('12h')).toBe(12 * 3_600_000);
    expect(() => parseAge('soon')).toThrow(/--older-than "soon" is not an age/);
    expect(formatAge(3 * 86_400_000 + 5)).toBe('3d');
    expect(formatAge(59_000)).toBe('59s');
  });
});
