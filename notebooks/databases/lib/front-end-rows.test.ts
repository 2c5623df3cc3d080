import { describe, expect, it } from 'vitest';
import { CEILING, frontEndRows, METRICS } from './front-end-rows.ts';

const summary = (form: string, concurrency: number, requestsPerSec: number) => ({
  form,
  concurrency,
  requestsPerSec,
  requestsPerSecLo: requestsPerSec - 10,
  requestsPerSecHi: requestsPerSec + 10,
  p50Ms: 2,
  p50MsLo: 1.5,
  p50MsHi: 2.5,
  p99Ms: 9,
  p99MsLo: 8,
  p99MsHi: 11,
  trials: 5,
});

describe('frontEndRows', () => {
  const summaries = [summary(CEILING, 16, 20_000), summary('async', 16, 1_000), summary('sync', 16, 18_500), summary('async', 64, 900)];
  const rows = frontEndRows(summaries, (s) => ({ errors: s.form === 'async' ? 3 : 0 }));

  it('gives one row per form summary and metric, keyed by form, concurrency and metric, carrying the ceiling', () => {
    expect(rows).toHaveLength(3 * METRICS.length);
    const p99 = rows.find((r) => r.form === 'async' && r.concurrency === 16 && r.metric === 'p99Ms');
    expect(p99).toEqual({
      form: 'async',
      concurrency: 16,
      metric: 'p99Ms',
      value: 9,
      valueLo: 8,
      valueHi: 11,
      trials: 5,
      ceilingRequestsPerSec: 20_000,
      generatorLimited: false,
      errors: 3,
    });
  });

  it('gives the ceiling no rows of its own', () => {
    expect(rows.some((r) => r.form === CEILING)).toBe(false);
  });

  it('flags a form within 10 % of the ceiling at its concurrency, in every metric', () => {
    const limited = (form: string, concurrency: number) =>
      rows.filter((r) => r.form === form && r.concurrency === concurrency).map((r) => r.generatorLimited);
    expect(limited('sync', 16)).toEqual([true, true, true]);
    expect(limited('async', 16)).toEqual([false, false, false]);
  });

  it('leaves a form unflagged, its ceiling null, where no ceiling was measured', () => {
    const at64 = rows.filter((r) => r.concurrency === 64);
    expect(at64.every((r) => r.generatorLimited === false && r.ceilingRequestsPerSec === null)).toBe(true);
  });
});
