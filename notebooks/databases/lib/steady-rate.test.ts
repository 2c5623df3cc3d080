import { describe, it, expect } from 'vitest';
import { steadyRate } from './steady-rate.ts';

/** One completion of `rows` rows every `every` ms from `from` to `to`. */
const steady = (from: number, to: number, every: number, rows: number) =>
  Array.from({ length: Math.floor((to - from) / every) }, (_, i) => ({ t: from + (i + 1) * every, rows }));

describe('steadyRate', () => {
  it('leaves out a slow start and the tail after the queue drained', () => {
    const completions = [
      ...steady(0, 200, 100, 1), // warm-up: 10 rows/s
      ...steady(200, 1000, 10, 10), // steady: 1000 rows/s
      ...steady(1000, 3000, 500, 1), // tail: stragglers
    ];
    const rate = steadyRate(completions, 0, 1000, { fraction: 0.2 });
    expect(rate.windowSeconds).toBeCloseTo(0.8);
    expect(rate.rowsPerSec).toBeCloseTo(1000);
  });

  it('counts only completions inside the window', () => {
    const rate = steadyRate(
      [
        { t: 5, rows: 100 },
        { t: 50, rows: 7 },
        { t: 150, rows: 100 },
      ],
      0,
      100,
      { fraction: 0.1 },
    );
    expect(rate.windowRows).toBe(7);
    expect(rate.rowsPerSec).toBeCloseTo(7 / 0.09);
  });

  it('waits until every connection had a line when that is later than the fraction', () => {
    // Connections still being handed their first lines until 400 ms, then 1000 rows/s.
    const completions = [...steady(0, 400, 100, 10), ...steady(400, 1000, 10, 10)];
    const rate = steadyRate(completions, 0, 1000, { fraction: 0.1, rampedAt: 400 });
    expect(rate.windowSeconds).toBeCloseTo(0.6);
    expect(rate.rowsPerSec).toBeCloseTo(1000);
    expect(rate.steady).toBe(true);
  });

  it('says so when the load never reached its concurrency, and keeps the fraction', () => {
    const completions = steady(0, 1000, 100, 10);
    const rate = steadyRate(completions, 0, 1000, { fraction: 0.2, rampedAt: Infinity });
    expect(rate.steady).toBe(false);
    expect(rate.windowSeconds).toBeCloseTo(0.8);
    expect(rate.rowsPerSec).toBeCloseTo(100);
  });

  it('falls back to the whole load when there is no window', () => {
    const rate = steadyRate([{ t: 500, rows: 50 }], 0, 0);
    expect(rate).toEqual({ rowsPerSec: 100, windowRows: 50, windowSeconds: 0.5, steady: false });
  });
});
