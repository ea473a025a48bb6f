import { describe, expect, it } from 'vitest';
import { editDistance, nearest } from './did-you-mean.js';

describe('nearest', () => {
  it('suggests only what is near enough to be a typo', () => {
    expect(nearest('postgress', ['postgres', 'airflow'])).toBe('postgres');
    expect(nearest('colour', ['version', 'port'])).toBeUndefined();
  });

  it('counts two swapped neighbouring letters as one typo', () => {
    expect(editDistance('prot', 'port')).toBe(1);
    expect(nearest('prot', ['version', 'port', 'analyticsDatabase'])).toBe('port');
    expect(nearest('postgers-prot', ['postgres-port', 'airflow-port'])).toBe('postgres-port');
  });
});
