import { describe, expect, it } from 'vitest';
import type { RowData } from '../../../core/protocol.ts';
import { summarizeTrials } from '../../../core/trials.ts';
import { GiB_KB, memoryRows } from './memory-rows.ts';

const trials: RowData[] = [
  { model: 'sync-worker', units: 1, trial: 0, rssKB: 76_000, pssKB: 36_000 },
  { model: 'async-task', units: 20_000, trial: 0, rssKB: 1.5, heapKB: 0.75 },
  { model: 'sync-worker', units: 1, trial: 1, rssKB: 78_000, pssKB: 37_000 },
  { model: 'async-task', units: 20_000, trial: 1, rssKB: 1.4, heapKB: 0.76 },
];
const summaries = summarizeTrials(trials, ['model', 'units'], ['rssKB', 'pssKB', 'heapKB']);

describe('memoryRows', () => {
  it('gives one row per basis the unit was measured on, keyed by model and basis', () => {
    expect(summaries.flatMap(memoryRows).map((r) => r.what)).toEqual([
      'sync-worker/RSS',
      'sync-worker/PSS',
      'async-task/RSS',
      'async-task/heap',
    ]);
  });

  it('carries the median, its interval, the trial count, and how many fit in 1 GiB', () => {
    const [rss] = memoryRows(summaries[0]!);
    expect(rss).toMatchObject({ basis: 'RSS', units: 1, perUnitKB: 77_000, trials: 2, fitIn1GB: Math.floor(GiB_KB / 77_000) });
    expect(rss!.perUnitKBLo as number).toBeLessThanOrEqual(77_000);
    expect(rss!.perUnitKBHi as number).toBeGreaterThanOrEqual(77_000);
    expect(rss!.fitIn1GBLo as number).toBeLessThanOrEqual(rss!.fitIn1GB as number);
    expect(rss!.fitIn1GBHi as number).toBeGreaterThanOrEqual(rss!.fitIn1GB as number);
    expect(rss!.label).toBe(`${Math.floor(GiB_KB / 77_000)} per GiB`);
  });
});
