import { describe, expect, it } from 'vitest';
import { EXIT } from '../exit-codes.js';
import { main } from '../main.js';
import { parseSeconds } from './hooks.js';

describe('data-eng up --timeout', () => {
  it('takes a positive number of seconds', () => {
    expect(parseSeconds('180')).toBe(180);
    expect(parseSeconds('0.5')).toBe(0.5);
  });

  it('refuses anything else with the fix, exit 2, before a project is looked for', async () => {
    for (const bad of ['abc', '0', '-5', '']) {
      expect(() => parseSeconds(bad)).toThrow(
        `"${bad}" is not a number of seconds; pass e.g. --timeout 300.`,
      );
    }
    const errors: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (
      errors.push(String(chunk)),
      true
    )) as typeof process.stderr.write;
    try {
      expect(await main(['node', 'data-eng', 'up', '--timeout', 'soon'])).toBe(EXIT.USAGE);
    } finally {
      process.stderr.write = write;
    }
    expect(errors.join('')).toContain('"soon" is not a number of seconds; pass e.g. --timeout 300.');
  });
});
