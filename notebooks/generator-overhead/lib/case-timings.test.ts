import { describe, expect, it } from 'vitest';
import { parseTimings } from './case-timings.ts';

describe('parseTimings', () => {
  it('reads the last line of the output', () => {
    const line = JSON.stringify([{ name: 'plain call', avg: 0.4, p50: 0.3, p99: 1.2 }]);
    expect(parseTimings(`a warning\n${line}\n`)).toEqual([{ name: 'plain call', avg: 0.4, p50: 0.3, p99: 1.2 }]);
  });

  it('refuses output without timings, or timings of the wrong shape', () => {
    expect(() => parseTimings('')).toThrow(/printed no timings/);
    expect(() => parseTimings('Error: boom')).toThrow(/printed no timings.*Error: boom/);
    expect(() => parseTimings('[]')).toThrow();
    expect(() => parseTimings('[{"name":"x","avg":"fast","p50":1,"p99":1}]')).toThrow();
  });
});
