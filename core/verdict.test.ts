import { describe, expect, it } from 'vitest';
import { combineVerdicts, compare, conditionVerdict, nearRatio } from './verdict.ts';

// Fabricated trial sets: what the rules must say about them.
const base = [1000, 1040, 980, 1010, 995];
const faster = base.map((x, i) => x * (1.3 + (i % 2) * 0.02)); // 30–32 % above, trial by trial
const noisy = [1100, 900, 1050, 960, 1010]; // sometimes above, sometimes below

describe('compare', () => {
  it('says greater or less only when the ratio interval excludes 1', () => {
    expect(compare(faster, base).order).toBe('greater');
    expect(compare(base, faster).order).toBe('less');
    expect(compare(faster, base).ratio.median).toBeGreaterThan(1.29);
  });

  it('says within noise when the interval contains 1', () => {
    const c = compare(noisy, base);
    expect(c.order).toBe('within noise');
    expect(c.ratio.lo).toBeLessThanOrEqual(1);
    expect(c.ratio.hi).toBeGreaterThanOrEqual(1);
  });

  it('ranks nothing on fewer than three trials, however large the gap', () => {
    expect(compare([2000, 2100], [1000, 1010]).order).toBe('too few trials');
    expect(compare([2000], [1000]).order).toBe('too few trials');
  });
});

describe('claim verdicts', () => {
  it('maps an order to holds / does not hold / within noise, and a capped condition to unmeasurable', () => {
    expect(conditionVerdict('greater', compare(faster, base))).toBe('holds');
    expect(conditionVerdict('less', compare(faster, base))).toBe('does not hold');
    expect(conditionVerdict('greater', compare(noisy, base))).toBe('within noise');
    expect(conditionVerdict('greater', compare(faster, base), true)).toBe('unmeasurable');
  });

  it('combines conditions: agreement gives one word, disagreement "depends"', () => {
    expect(combineVerdicts(['holds', 'holds'])).toBe('holds');
    expect(combineVerdicts(['holds', 'does not hold'])).toBe('depends');
    expect(combineVerdicts(['holds', 'within noise'])).toBe('depends');
    expect(combineVerdicts(['unmeasurable', 'within noise'])).toBe('within noise');
    expect(combineVerdicts(['unmeasurable'])).toBe('unmeasurable');
    expect(combineVerdicts([])).toBe('untested');
    expect(combineVerdicts(['holds', 'too few trials'])).toBe('too few trials');
  });

  it('checks a ratio against the essay’s, give or take a tolerance', () => {
    const r = compare(faster, base).ratio; // ≈ 1.31
    expect(nearRatio(r, 1.3, 0.1)).toBe('holds');
    expect(nearRatio(r, 3, 0.2)).toBe('does not hold');
    expect(nearRatio({ median: 2, lo: 2, hi: 2, n: 1 }, 2, 0.1)).toBe('too few trials');
  });
});
