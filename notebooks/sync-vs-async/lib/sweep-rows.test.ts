import { describe, expect, it } from 'vitest';
import { summarizeTrials } from '../../../core/trials.ts';
import { metricRows } from './sweep-rows.ts';

const trials = [
  { deployment: 'async', concurrency: 64, trial: 0, requestsPerSec: 120, p50Ms: 40, p99Ms: 1900, errors: 0 },
  { deployment: 'async', concurrency: 64, trial: 1, requestsPerSec: 130, p50Ms: 38, p99Ms: 2000, errors: 0 },
  { deployment: 'async', concurrency: 64, trial: 2, requestsPerSec: 125, p50Ms: 41, p99Ms: 1950, errors: 0 },
];

describe('metricRows', () => {
  const [summary] = summarizeTrials(trials, ['deployment', 'concurrency'], ['requestsPerSec', 'p50Ms', 'p99Ms', 'errors']);
  const rows = metricRows(summary!, ['deployment', 'concurrency'], { requests: 768, errors: 0 });

  it('gives one row per metric, in the chart’s metric / value shape', () => {
    expect(rows.map((r) => r.metric)).toEqual(['requestsPerSec', 'p50Ms', 'p99Ms']);
    expect(rows[0]).toMatchObject({ deployment: 'async', concurrency: 64, value: 125, requests: 768, errors: 0, trials: 3 });
    expect(rows[2]).toMatchObject({ value: 1950 });
  });

  it('keeps each median inside its interval, and p50 and p99 apart', () => {
    for (const r of rows) {
      expect(r.valueLo as number).toBeLessThanOrEqual(r.value as number);
      expect(r.valueHi as number).toBeGreaterThanOrEqual(r.value as number);
    }
    expect(rows[1]!.valueHi as number).toBeLessThan(rows[2]!.valueLo as number);
  });

  it('leaves out measures that are not metrics', () => {
    expect(rows.every((r) => !('p50Ms' in r) && !('requestsPerSec' in r))).toBe(true);
  });
});
