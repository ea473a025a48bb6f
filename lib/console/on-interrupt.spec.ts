import { describe, expect, it } from 'vitest';
import { onInterrupt } from './on-interrupt.js';

describe('onInterrupt', () => {
  it('turns SIGINT or SIGTERM into an aborted signal naming it, and removes its handlers afterwards', async () => {
    const before = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];
    for (const name of ['SIGINT', 'SIGTERM'] as const) {
      const seen = await onInterrupt(async (signal) => {
        expect(signal.aborted).toBe(false);
        process.emit(name, name);
        return signal.aborted ? (signal.reason as Error).message : 'not aborted';
      });
      expect(seen).toBe(name);
    }
    await expect(onInterrupt(async () => Promise.reject(new Error('failed')))).rejects.toThrow('failed');
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(before);
  });
});
