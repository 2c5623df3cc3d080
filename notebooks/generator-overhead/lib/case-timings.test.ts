import { describe, expect, it } from 'vitest';
import { parseTimings } from './case-timings.ts';

describe('parseTimings', () => {
  it('reads the timings a trial process answered', () => {
    expect(parseTimings([{ name: 'plain call', avg: 0.4, p50: 0.3, p99: 1.2 }])).toEqual([
      { name: 'plain call', avg: 0.4, p50: 0.3, p99: 1.2 },
    ]);
  });

  it('refuses an answer without timings, or timings of the wrong shape', () => {
    expect(() => parseTimings([])).toThrow();
    expect(() => parseTimings({ name: 'x' })).toThrow();
    expect(() => parseTimings([{ name: 'x', avg: 'fast', p50: 1, p99: 1 }])).toThrow();
  });
});
