import { describe, expect, it } from 'vitest';
import { runCompose } from './run-compose.js';

describe('runCompose', () => {
  it('reports the exit status of a command that exits before reading its input', async () => {
    // `false` reads nothing; several megabytes cannot fit in the pipe, so the write meets a closed pipe.
    const result = await runCompose({ program: 'false', prefix: [], version: '0', label: 'false' }, [], {
      cwd: process.cwd(),
      signal: new AbortController().signal,
      input: 'x'.repeat(8 * 1024 * 1024),
    });
    expect(result.code).toBe(1);
  });
});
