import { describe, expect, it } from 'vitest';
import { rowInterval, summarizeTrials, trialValues } from './trials.ts';

const trials = [
  { server: 'a', trial: 0, rps: 100 },
  { server: 'b', trial: 0, rps: 200 },
  { server: 'a', trial: 1, rps: 110 },
  { server: 'b', trial: 1, rps: 190 },
  { server: 'a', trial: 2, rps: 90 },
  { server: 'b', trial: 2, rps: 210 },
];

describe('summarizeTrials', () => {
  it('makes one row per key with median, interval and trial count, in first-seen order', () => {
    const rows = summarizeTrials(trials, ['server'], ['rps']);
    expect(rows.map((r) => r.server)).toEqual(['a', 'b']);
    expect(rows[0]).toMatchObject({ server: 'a', rps: 100, trials: 3 });
    expect(rows[1]).toMatchObject({ server: 'b', rps: 200, trials: 3 });
    const i = rowInterval(rows[0]!, 'rps')!;
    expect(i.lo).toBeGreaterThanOrEqual(90);
    expect(i.hi).toBeLessThanOrEqual(110);
  });

  it('reads values in trial order for one key', () => {
    expect(trialValues(trials, { server: 'b' }, 'rps')).toEqual([200, 190, 210]);
    expect(trialValues(trials, { server: 'c' }, 'rps')).toEqual([]);
  });

  it('has no interval for a row without one', () => {
    expect(rowInterval({ rps: 1 }, 'rps')).toBeUndefined();
  });
});
