import { describe, expect, it } from 'vitest';
import { summarizeTrials } from '../../../core/trials.ts';
import { fixedRateRows } from './fixed-rate-rows.ts';

const KEYS = ['deployment', 'handler', 'loadPct'];
const trial = (deployment: string, trial: number, p50Ms: number, p99Ms: number, unfinished: number, extra = {}) => ({
  deployment,
  handler: 'io',
  loadPct: 50,
  trial,
  offeredRps: 800,
  p50Ms,
  p99Ms,
  p99WireMs: p99Ms / 2,
  sent: 800,
  completed: 800 - unfinished - 1,
  unfinished,
  errors: 1,
  lagP99Ms: 0.5,
  achievedRps: 799,
  p50Bound: 0,
  p99Bound: unfinished > 8 ? 1 : 0,
  ...extra,
});
const trials = [
  trial('sync', 0, 300, 900, 600),
  trial('async', 0, 21, 30, 0),
  trial('sync', 1, 310, 950, 610),
  trial('async', 1, 22, 31, 0),
  trial('sync', 2, 305, 940, 605),
  trial('async', 2, 21.5, 29, 0),
];
const measures = Object.keys(trials[0]!).filter((k) => !KEYS.includes(k) && k !== 'trial');
const summaries = summarizeTrials(trials, KEYS, measures);
const rowsOf = (d: string, limited = false) => fixedRateRows(summaries.find((s) => s.deployment === d)!, trials, KEYS, limited);

describe('fixedRateRows', () => {
  it('gives one row per latency metric, by key, with the median and its interval', () => {
    const rows = rowsOf('sync');
    expect(rows.map((r) => r.metric)).toEqual(['p50', 'p99', 'p99-wire']);
    expect(rows[0]).toMatchObject({ deployment: 'sync', handler: 'io', loadPct: 50, offeredRps: 800, value: 305, trials: 3 });
    for (const r of rows) {
      expect(r.valueLo as number).toBeLessThanOrEqual(r.value as number);
      expect(r.valueHi as number).toBeGreaterThanOrEqual(r.value as number);
    }
  });

  it('sums the counts over the variant’s own trials, so sent = completed + unfinished + errors', () => {
    const [row] = rowsOf('sync');
    expect(row).toMatchObject({ sent: 2400, unfinished: 1815, errors: 3 });
    expect(row!.sent).toBe((row!.completed as number) + (row!.unfinished as number) + (row!.errors as number));
    expect(rowsOf('async')[0]).toMatchObject({ sent: 2400, unfinished: 0, completed: 2397 });
  });

  it('marks a percentile that rested on unfinished requests as a lower bound, and never the closed-loop clock', () => {
    const [p50, p99, wire] = rowsOf('sync');
    expect([p50!.lowerBound, p99!.lowerBound, wire!.lowerBound]).toEqual([false, true, false]);
    expect([p50!.bound, p99!.bound, wire!.bound]).toEqual(['exact', 'lower', 'exact']);
  });

  it('carries the generator-limited verdict into every metric row', () => {
    expect(rowsOf('async', true).every((r) => r.generatorLimited === true)).toBe(true);
    expect(rowsOf('sync').every((r) => r.generatorLimited === false)).toBe(true);
  });
});
