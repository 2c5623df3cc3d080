import { describe, expect, it } from 'vitest';
import { blockFor } from './block.ts';

describe('blockFor', () => {
  it('holds the thread: a callback already due runs only after the wait', async () => {
    const order: string[] = [];
    const due = new Promise<void>((resolve) => setImmediate(() => (order.push('loop'), resolve())));
    blockFor(20);
    order.push('blocked');
    await due;
    expect(order).toEqual(['blocked', 'loop']);
  });
  it('waits at least the time asked', () => {
    const t0 = performance.now();
    blockFor(15);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(14);
  });
});
