import { describe, expect, it } from 'vitest';
import { chosenValues } from './data-eng-generator.js';

describe('chosenValues', () => {
  it('turns the items a checkbox hands to validate into their values', () => {
    expect(
      chosenValues([
        { value: 'airflow', name: 'airflow', checked: true },
        { value: 'postgres', name: 'postgres', checked: true },
      ]),
    ).toEqual(['airflow', 'postgres']);
  });

  it('leaves typed text and plain values alone', () => {
    expect(chosenValues('5432')).toBe('5432');
    expect(chosenValues(['a', 'b'])).toEqual(['a', 'b']);
    expect(chosenValues(true)).toBe(true);
  });
});
