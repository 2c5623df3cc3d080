import { describe, expect, it } from 'vitest';
import { extrapolate, planSteps, threadCap } from './c10k-plan.ts';

describe('C10K plan', () => {
  it('caps threads by the parameter and by memory', () => {
    expect(threadCap(1000, 8e9, 8e6)).toBe(1000);
    expect(threadCap(1000, 4e9, 8e6)).toBe(500);
    expect(threadCap(1000, 0, 8e6)).toBe(1);
  });

  it('measures up to the cap and extrapolates beyond it', () => {
    expect(planSteps([100, 300, 1000], 150)).toEqual({ measured: [100, 150], extrapolated: [300, 1000] });
    expect(planSteps([100, 300], 1000)).toEqual({ measured: [100, 300], extrapolated: [] });
    expect(planSteps([300, 100, 300], 300)).toEqual({ measured: [100, 300], extrapolated: [] });
  });

  it('projects time linearly, interval included, and keeps memory per connection', () => {
    const row = { connections: 100, seconds: 2, secondsLo: 1.5, secondsHi: 3, kb: 7, kbLo: 6, kbHi: 8, trials: 5 };
    expect(extrapolate(row, 1000, ['seconds'])).toEqual({ ...row, connections: 1000, seconds: 20, secondsLo: 15, secondsHi: 30 });
  });
});
