import { describe, expect, it } from 'vitest';
import { compareNames } from './name-order.js';

/** A deterministic stream of names from the characters names may hold (seeded, so failures repeat). */
function names(count: number, seed: number): string[] {
  const alphabet = 'abcABC_-019xyzXYZ';
  let state = seed;
  const next = (): number => (state = (state * 1103515245 + 12345) % 2 ** 31);
  return Array.from({ length: count }, () =>
    Array.from({ length: 1 + (next() % 6) }, () => alphabet[next() % alphabet.length]).join(''),
  );
}

const sign = (n: number): number => Math.sign(n);

describe('compareNames', () => {
  it('orders like English collation for every pair of generated names', () => {
    const list = names(400, 7);
    const differing: string[] = [];
    for (const a of list) {
      for (const b of list) {
        if (sign(compareNames(a, b)) !== sign(a.localeCompare(b, 'en'))) differing.push(`${a} ${b}`);
      }
    }
    expect(differing.slice(0, 5)).toEqual([]);
  });

  it('puts settings in the order .env files have always listed them', () => {
    const sorted = [
      'AIRFLOW__CORE__LOAD_EXAMPLES',
      'AIRFLOW_UID',
      'AIRFLOW__API__SECRET_KEY',
      'airflow',
      'AIRFLOW',
    ];
    expect([...sorted].sort(compareNames)).toEqual([...sorted].sort((a, b) => a.localeCompare(b, 'en')));
  });

  it('falls back to English collation for other characters', () => {
    expect(sign(compareNames('é', 'f'))).toBe(sign('é'.localeCompare('f', 'en')));
    expect(sign(compareNames('a', 'a.b'))).toBe(sign('a'.localeCompare('a.b', 'en')));
  });
});
