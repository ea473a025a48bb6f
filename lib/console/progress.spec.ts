import { afterEach, describe, expect, it, vi } from 'vitest';
import { createProgress } from './progress.js';

describe('createProgress', () => {
  afterEach(() => vi.restoreAllMocks());

  it('shows a step marked failed as failed, with the reason, and still returns its result', async () => {
    const written: string[] = [];
    const capture = (chunk: string | Uint8Array): boolean => {
      written.push(String(chunk));
      return true;
    };
    vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    const progress = await createProgress({ json: false });
    const result = await progress.step('Pulling base image debian:12', async (_update, mark) => {
      mark.failed('connection refused');
      return 'not pulled';
    });
    const done = await progress.step('Building runtime', async () => 'built');
    vi.restoreAllMocks();
    expect(result).toBe('not pulled');
    expect(done).toBe('built');
    const text = written.join('');
    expect(text).toMatch(/✖.*Pulling base image debian:12/);
    expect(text).toContain('connection refused');
    expect(text).not.toMatch(/✔.*Pulling base image/);
    expect(text).toMatch(/✔.*Building runtime/);
  });

  it('still fails the command when a step throws', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const progress = await createProgress({ json: false });
    await expect(
      progress.step('Building', async () => {
        throw new Error('no space left');
      }),
    ).rejects.toThrow('no space left');
  });
});
