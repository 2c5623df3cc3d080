import { describe, expect, it } from 'vitest';
import { estimate, ratioEstimate } from './stats.ts';

describe('estimate', () => {
  it('gives the median and an interval that contains it, inside the range of the trials', () => {
    const e = estimate([10, 12, 11, 13, 9]);
    expect(e.median).toBe(11);
    expect(e.n).toBe(5);
    expect(e.lo).toBeLessThanOrEqual(11);
    expect(e.hi).toBeGreaterThanOrEqual(11);
    expect(e.lo).toBeGreaterThanOrEqual(9);
    expect(e.hi).toBeLessThanOrEqual(13);
    expect(e.hi - e.lo).toBeGreaterThan(0);
  });

  it('is the same for the same trials (seeded resampling)', () => {
    expect(estimate([3, 1, 4, 1, 5, 9, 2])).toEqual(estimate([3, 1, 4, 1, 5, 9, 2]));
  });

  it('knows no spread from one trial and nothing from none; ignores non-finite values', () => {
    expect(estimate([7])).toEqual({ median: 7, lo: 7, hi: 7, n: 1 });
    expect(estimate([]).n).toBe(0);
    expect(Number.isNaN(estimate([]).median)).toBe(true);
    expect(estimate([Number.NaN, 4, Infinity]).median).toBe(4);
  });

  it('narrows as trials agree more', () => {
    const wide = estimate([80, 120, 95, 105, 100, 90, 110]);
    const narrow = estimate([99, 101, 100, 100.5, 99.5, 100.2, 99.8]);
    expect(narrow.hi - narrow.lo).toBeLessThan(wide.hi - wide.lo);
  });
});

describe('ratioEstimate', () => {
  it('pairs interleaved trials, so drift shared by both sides cancels', () => {
    // Both sides drift from 100 to 140, A always 10 % above B: paired, the ratio is exactly 1.1.
    const b = [100, 110, 120, 130, 140];
    const a = b.map((x) => x * 1.1);
    const r = ratioEstimate(a, b);
    expect(r.median).toBeCloseTo(1.1, 10);
    expect(r.lo).toBeCloseTo(1.1, 10);
    expect(r.hi).toBeCloseTo(1.1, 10);
    // Unpaired, the same drift widens the interval across 1.
    const u = ratioEstimate(a, b, { paired: false });
    expect(u.lo).toBeLessThan(1);
  });

  it('resamples each side on its own when the trial counts differ', () => {
    const r = ratioEstimate([200, 210, 190], [100, 105, 95, 100]);
    expect(r.median).toBeCloseTo(2, 1);
    expect(r.n).toBe(3);
  });
});
