/**
 * The fixed-rate cell's rows in the chart's long shape: one row per variant (deployment, handler,
 * offered load) and latency metric, `metric` naming it by key (`p50`, `p99`: from the intended
 * send time; `p99-wire`: from when the request went out, the closed loop's clock) and `value` /
 * `valueLo` / `valueHi` its median and 95 % interval over the trials. Beside them, what the
 * trials add up to (requests sent, completed, unfinished, errors: totals, so sent = completed +
 * unfinished + errors holds in every row), `lowerBound` when a trial's percentile rested on
 * unfinished requests, and `generatorLimited` as the cell judged it from the trials' medians.
 */
import type { RowData } from '../../../core/protocol.ts';
import { hiField, loField, matches, TRIALS_FIELD } from '../../../core/trials.ts';

/** The latency metrics, each with its measure in the trials and the 0/1 measure that says it is a lower bound. */
export const LATENCY_METRICS = [
  { metric: 'p50', measure: 'p50Ms', bound: 'p50Bound' },
  { metric: 'p99', measure: 'p99Ms', bound: 'p99Bound' },
  { metric: 'p99-wire', measure: 'p99WireMs', bound: undefined },
] as const;

export const COUNTS = ['sent', 'completed', 'unfinished', 'errors'] as const;

/**
 * Pure: a variant's summary row (key fields, each measure's median and interval, `trials`) and
 * the stored trials as one row per latency metric, with the counts summed over the variant's trials.
 */
export function fixedRateRows(summary: RowData, trials: RowData[], keyFields: string[], generatorLimited: boolean): RowData[] {
  const key = Object.fromEntries(keyFields.map((k) => [k, summary[k] ?? null]));
  const own = trials.filter((t) => matches(t, key));
  const sum = (m: string) => own.reduce((a, t) => a + (typeof t[m] === 'number' ? (t[m] as number) : 0), 0);
  const any = (m: string) => own.some((t) => t[m] === 1);
  const counts = Object.fromEntries(COUNTS.map((c) => [c, sum(c)]));
  return LATENCY_METRICS.map(({ metric, measure, bound }) => ({
    ...key,
    offeredRps: summary.offeredRps ?? null,
    metric,
    value: summary[measure] ?? null,
    valueLo: summary[loField(measure)] ?? null,
    valueHi: summary[hiField(measure)] ?? null,
    lowerBound: bound ? any(bound) : false,
    // For the chart: a "≥" beside a point that is only a lower bound (the words are the chart's labels).
    bound: bound && any(bound) ? 'lower' : 'exact',
    ...counts,
    lagP99Ms: summary.lagP99Ms ?? null,
    achievedRps: summary.achievedRps ?? null,
    generatorLimited,
    [TRIALS_FIELD]: summary[TRIALS_FIELD] ?? 0,
  }));
}
