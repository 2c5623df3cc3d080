import { describe, expect, it } from 'vitest';
import { keepingTrials, pairedRatio } from './paired-ratio.ts';

const trials = [
  { v: 'slow', trial: 0, s: 4 },
  { v: 'fast', trial: 0, s: 1 },
  { v: 'slow', trial: 1, s: 6 },
  { v: 'fast', trial: 1, s: 2 },
  { v: 'slow', trial: 2, s: 10 },
  { v: 'fast', trial: 2, s: 4 },
];

describe('pairedRatio', () => {
  it('takes the ratio trial by trial, with an interval around its median', () => {
    const r = pairedRatio('x', trials, 's', { v: 'slow' }, { v: 'fast' });
    expect(r.x).toBe(3); // ratios 4, 3, 2.5
    expect(r.xLo).toBeLessThanOrEqual(3);
    expect(r.xHi).toBeGreaterThanOrEqual(3);
  });

  it('is exactly 1 for a variant over itself', () => {
    expect(pairedRatio('x', trials, 's', { v: 'fast' }, { v: 'fast' })).toEqual({ x: 1, xLo: 1, xHi: 1 });
  });
});

describe('keepingTrials', () => {
  it('passes each trial on and keeps it', () => {
    const seen: unknown[] = [];
    const sink = keepingTrials((t) => seen.push(t));
    sink.trial({ trial: 0 });
    expect(seen).toEqual([{ trial: 0 }]);
    expect(sink.trials).toEqual([{ trial: 0 }]);
  });
});
