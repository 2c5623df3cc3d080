/**
 * The front-end cell's rows in the chart's long shape: one row per form, concurrency and metric
 * (`metric`: requestsPerSec, p50Ms or p99Ms, keys the chart spec labels), with `value`, `valueLo`,
 * `valueHi` its median and 95 % interval over the trials. The ceiling (canned bytes, measured in the
 * same trials) gets no rows of its own: each form's rows carry it at their concurrency
 * (`ceilingRequestsPerSec`), and a form whose median rate comes within 10 % of it is
 * `generatorLimited` in every metric (its latencies come from the same capped runs). The trials stay
 * wide, one per variant per trial, the ceiling's included, as interleaved() stores them. Pure.
 */
import type { RowData } from '../../../core/protocol.ts';
import { hiField, loField, TRIALS_FIELD } from '../../../core/trials.ts';
import { atCeiling } from '../../lib/load.ts';

export const METRICS = ['requestsPerSec', 'p50Ms', 'p99Ms'] as const;
export const CEILING = 'ceiling' as const;

/** Pure: every form's summary (`form`, `concurrency`, each metric's median and interval, `trials`) as one row per metric. */
export function frontEndRows(summaries: RowData[], extra: (summary: RowData) => RowData = () => ({})): RowData[] {
  const ceilingAt = (concurrency: RowData[string]) =>
    summaries.find((s) => s.form === CEILING && s.concurrency === concurrency)?.requestsPerSec as number | undefined;
  return summaries
    .filter((s) => s.form !== CEILING)
    .flatMap((s) => {
      const ceiling = ceilingAt(s.concurrency);
      const generatorLimited = ceiling !== undefined && atCeiling(s.requestsPerSec as number, ceiling);
      return METRICS.map((metric) => ({
        form: s.form ?? null,
        concurrency: s.concurrency ?? null,
        metric,
        value: s[metric] ?? null,
        valueLo: s[loField(metric)] ?? null,
        valueHi: s[hiField(metric)] ?? null,
        [TRIALS_FIELD]: s[TRIALS_FIELD] ?? 0,
        ceilingRequestsPerSec: ceiling ?? null,
        generatorLimited,
        ...extra(s),
      }));
    });
}
