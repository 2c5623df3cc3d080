/**
 * The load sweep's rows in the chart's long shape: one row per variant and metric, `metric` naming
 * the measure (`requestsPerSec`, `p50Ms`, `p99Ms`; the chart's labels say them in words) and
 * `value` / `valueLo` / `valueHi` its median and 95 % interval over the trials. Long because the
 * chart draws each metric in its own facet row, and a chart spec facets by a field's values. The
 * trials themselves stay wide (one per variant per trial, every measure in it), as interleaved()
 * stores them: prose figures and the ledger read `requestsPerSec`... from them.
 */
import type { RowData } from '../../../core/protocol.ts';
import { hiField, loField, TRIALS_FIELD } from '../../../core/trials.ts';

/** The measures one load run yields that the chart draws, each a metric of the rows. */
export const SWEEP_METRICS = ['requestsPerSec', 'p50Ms', 'p99Ms'] as const;

/**
 * Pure: a variant's summary row (key fields, each measure's median and interval, `trials`) as one
 * row per metric; `extra` (totals over the trials) goes into each, and measures not in
 * SWEEP_METRICS are left out.
 */
export function metricRows(summary: RowData, keyFields: string[], extra: RowData = {}): RowData[] {
  const key = Object.fromEntries(keyFields.map((k) => [k, summary[k] ?? null]));
  return SWEEP_METRICS.map((measure) => ({
    ...key,
    ...extra,
    metric: measure,
    value: summary[measure] ?? null,
    valueLo: summary[loField(measure)] ?? null,
    valueHi: summary[hiField(measure)] ?? null,
    [TRIALS_FIELD]: summary[TRIALS_FIELD] ?? 0,
  }));
}
