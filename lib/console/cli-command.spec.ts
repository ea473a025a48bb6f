import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliCommand } from './cli-command.js';
import { PACKAGE_ROOT } from '../package-info.js';

describe('cliCommand', () => {
  it('is data-eng when it is on the PATH, and this package bin by its path when not (yo, npx -p)', () => {
    const bin = mkdtempSync(join(tmpdir(), 'cli-command-'));
    writeFileSync(join(bin, 'data-eng'), '#!/bin/sh\n');
    chmodSync(join(bin, 'data-eng'), 0o755);
    expect(cliCommand(`/nowhere:${bin}`)).toBe('data-eng');
    const empty = mkdtempSync(join(tmpdir(), 'cli-command-'));
    expect(cliCommand(empty)).toContain(join(PACKAGE_ROOT, 'bin', 'data-eng.js'));
    expect(cliCommand(empty)).toMatch(/^node /);
  });
});
