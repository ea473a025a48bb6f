import { describe, expect, it } from 'vitest';
import type { DoctorCheck } from './check.js';
import { anyFailed, formatResults, runDoctor } from './run-doctor.js';

const context = { env: {}, signal: new AbortController().signal };

describe('runDoctor', () => {
  it('keeps the checks order, turns a throwing check into a failure, and prints the fix under failures', async () => {
    const checks: DoctorCheck[] = [
      { id: 'slow', run: async () => [{ id: 'slow', title: 'Slow', status: 'pass', detail: 'fine' }] },
      {
        id: 'broken',
        run: async () => {
          throw new Error('socket hang up\nstack...');
        },
      },
      {
        id: 'warn',
        run: async () => [{ id: 'warn', title: 'Warn', status: 'warn', detail: 'odd', fix: 'look' }],
      },
    ];
    const results = await runDoctor(checks, context);
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['slow', 'pass'],
      ['broken', 'fail'],
      ['warn', 'warn'],
    ]);
    expect(results[1]!.detail).toBe('The check itself failed: socket hang up');
    expect(anyFailed(results)).toBe(true);
    expect(anyFailed([results[0]!, results[2]!])).toBe(false);
    expect(formatResults(results).split('\n')).toEqual([
      'ok    Slow: fine',
      'FAIL  Check "broken": The check itself failed: socket hang up',
      '      fix: Run data-eng doctor again; if it keeps failing, report it with this message.',
      'warn  Warn: odd',
      '      fix: look',
    ]);
  });
});
