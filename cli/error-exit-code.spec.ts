import { describe, expect, it } from 'vitest';
import { errorCode, errorExitCode } from './error-exit-code.js';
import { AdoptionInterruptedError } from '../lib/adopt/adopt-project.js';

describe('errorExitCode', () => {
  it('gives an interruption 130 for Ctrl-C and 143 for SIGTERM, with the code interrupted either way', () => {
    const byCtrlC = new AdoptionInterruptedError('interrupted', 'SIGINT');
    const byTerm = new AdoptionInterruptedError('interrupted', 'SIGTERM');
    expect(errorExitCode(byCtrlC)).toBe(130);
    expect(errorExitCode(byTerm)).toBe(143);
    expect([errorCode(byCtrlC, 130), errorCode(byTerm, 143)]).toEqual(['interrupted', 'interrupted']);
  });
});
