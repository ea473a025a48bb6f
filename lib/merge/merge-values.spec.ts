import { describe, expect, it } from 'vitest';
import { mergeValues } from './merge-values.js';

describe('mergeValues', () => {
  const base = { services: { db: { image: 'postgres:16', environment: { A: '1' } } } };

  it('takes the new rendering where the user changed nothing', () => {
    const theirs = { services: { db: { image: 'postgres:17', environment: { A: '1' } } } };
    expect(mergeValues(base, base, theirs)).toEqual({ value: theirs, conflicts: [] });
  });

  it('keeps a user-added service and env var while applying a rendering change elsewhere', () => {
    const ours = {
      services: {
        db: { image: 'postgres:16', environment: { A: '1', MINE: 'x' } },
        extra: { image: 'busybox' },
      },
    };
    const theirs = { services: { db: { image: 'postgres:17', environment: { A: '1' } } } };
    const result = mergeValues(base, ours, theirs);
    expect(result.conflicts).toEqual([]);
    expect(result.value).toEqual({
      services: {
        db: { image: 'postgres:17', environment: { A: '1', MINE: 'x' } },
        extra: { image: 'busybox' },
      },
    });
  });

  it('reports a key both sides changed differently, keeping the user value', () => {
    const ours = { services: { db: { image: 'my/postgres:16', environment: { A: '1' } } } };
    const theirs = { services: { db: { image: 'postgres:17', environment: { A: '1' } } } };
    const result = mergeValues(base, ours, theirs);
    expect(result.conflicts).toEqual([
      {
        path: ['services', 'db', 'image'],
        base: 'postgres:16',
        ours: 'my/postgres:16',
        theirs: 'postgres:17',
      },
    ]);
    expect((result.value as typeof base).services.db.image).toBe('my/postgres:16');
  });

  it('with preferTheirs takes the new rendering for the conflicting key only', () => {
    const ours = { services: { db: { image: 'my/postgres:16', environment: { A: '1', MINE: 'x' } } } };
    const theirs = { services: { db: { image: 'postgres:17', environment: { A: '1' } } } };
    const result = mergeValues(base, ours, theirs, true);
    expect(result.conflicts).toHaveLength(1);
    expect(result.value).toEqual({
      services: { db: { image: 'postgres:17', environment: { A: '1', MINE: 'x' } } },
    });
  });

  it('removes a key the rendering dropped when the user left it alone', () => {
    const theirs = { services: {} };
    expect(mergeValues(base, base, theirs).value).toEqual({ services: {} });
  });

  it('treats a user deletion of an unchanged key as final', () => {
    const ours = { services: {} };
    expect(mergeValues(base, ours, base).value).toEqual({ services: {} });
  });

  it('treats arrays as whole values', () => {
    const result = mergeValues({ a: [1, 2] }, { a: [1, 2, 3] }, { a: [0, 1, 2] });
    expect(result.conflicts.map((c) => c.path)).toEqual([['a']]);
  });
});
