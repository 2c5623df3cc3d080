/**
 * The load sweep's rows in the chart's long shape: one row per variant and metric, `metric` naming
 * it ("requests/s", "p50 latency (ms)", "p99 latency (ms)") and `value` / `valueLo` / `valueHi`
 * its median and 95 % interval over the trials. The trials themselves stay wide (one per variant
 * per trial, every measure in it), as interleaved() stores them.
 */
import type { RowData } from '../../../core/protocol.ts';
import { hiField, loField, TRIALS_FIELD } from '../../../core/trials.ts';

/** The measures one load run yields, and the name each has in the rows. */
export const SWEEP_METRICS = [
  { measure: 'requestsPerSec', metric: 'requests/s' },
  { measure: 'p50Ms', metric: 'p50 latency (ms)' },
  { measure: 'p99Ms', metric: 'p99 latency (ms)' },
] as const;

/**
 * Pure: a variant's summary row (key fields, each measure's median and interval, `trials`) as one
 * row per metric; `extra` (totals over the trials) goes into each, and measures not in
 * SWEEP_METRICS are left out.
 */
export function metricRows(summary: RowData, keyFields: string[], extra: RowData = {}): RowData[] {
  const key = Object.fromEntries(keyFields.map((k) => [k, summary[k] ?? null]));
  return SWEEP_METRICS.map(({ measure, metric }) => ({
    ...key,
    ...extra,
    metric,
    value: summary[measure] ?? null,
    valueLo: summary[loField(measure)] ?? null,
    valueHi: summary[hiField(measure)] ?? null,
    [TRIALS_FIELD]: summary[TRIALS_FIELD] ?? 0,
  }));
}
