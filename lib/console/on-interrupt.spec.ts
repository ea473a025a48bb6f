import { describe, expect, it } from 'vitest';
import { onInterrupt } from './on-interrupt.js';

describe('onInterrupt', () => {
  it('turns SIGINT or SIGTERM into an aborted signal naming the first, and removes its handlers afterwards', async () => {
    const before = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];
    for (const name of ['SIGINT', 'SIGTERM'] as const) {
      const seen = await onInterrupt(async (signal) => {
        expect(signal.aborted).toBe(false);
        process.emit(name, name);
        return signal.aborted ? (signal.reason as Error).message : 'not aborted';
      });
      expect(seen).toBe(name);
    }
    // A second signal while the work puts things back neither ends the process nor changes the reason.
    const first = await onInterrupt(async (signal) => {
      process.emit('SIGINT', 'SIGINT');
      // Still handled: without a handler, a real second Ctrl-C would end the process mid-way.
      expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual([
        before[0]! + 1,
        before[1]! + 1,
      ]);
      process.emit('SIGINT', 'SIGINT');
      process.emit('SIGTERM', 'SIGTERM');
      return (signal.reason as Error).message;
    });
    expect(first).toBe('SIGINT');
    await expect(onInterrupt(async () => Promise.reject(new Error('failed')))).rejects.toThrow('failed');
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(before);
  });
});
