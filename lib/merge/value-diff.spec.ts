import { describe, expect, it } from 'vitest';
import { applyValuesOverlay, valueDiff, valuesOverlay } from './value-diff.js';

describe('valueDiff', () => {
  it('names each differing leaf by its key path; lists compare whole', () => {
    expect(
      valueDiff(
        { a: { b: 1, c: [1, 2] }, d: 'x', gone: true },
        { a: { b: 2, c: [1, 2] }, d: 'x', added: { e: 1 } },
      ),
    ).toEqual([
      { path: ['a', 'b'], left: 1, right: 2 },
      { path: ['gone'], left: true, right: undefined },
      { path: ['added'], left: undefined, right: { e: 1 } },
    ]);
    expect(valueDiff({ l: [1, 2] }, { l: [2, 1] })).toEqual([{ path: ['l'], left: [1, 2], right: [2, 1] }]);
  });

  it('finds nothing between equal documents', () => {
    expect(valueDiff({ a: { b: [1] } }, { a: { b: [1] } })).toEqual([]);
  });
});

describe('valuesOverlay', () => {
  const base = { image: { repo: 'r', tag: 'runtime' }, redis: { enabled: true }, env: [{ name: 'APP_ENV' }] };
  const full = { image: { repo: 'r', tag: 'v1' }, env: [{ name: 'APP_ENV', value: 'prod' }], extra: 1 };

  it('keeps only what differs, and null for what full lacks, as Helm deletes it', () => {
    expect(valuesOverlay(base, full)).toEqual({
      image: { tag: 'v1' },
      env: [{ name: 'APP_ENV', value: 'prod' }],
      extra: 1,
      redis: null,
    });
  });

  it('applied over its base gives the full values back', () => {
    expect(applyValuesOverlay(base, valuesOverlay(base, full))).toEqual(full);
    expect(valuesOverlay(full, full)).toEqual({});
  });
});
