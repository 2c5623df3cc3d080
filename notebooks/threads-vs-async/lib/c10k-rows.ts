/**
 * The C10K chart's rows: a trial measures both memory and time at once, but the chart draws each
 * measure in its own facet, so every summary row becomes one row per measure (`measure`, `value`,
 * and `valueLo` / `valueHi` for its interval).
 */
import type { RowData } from '../../../core/protocol.ts';
import { hiField, loField } from '../../../core/trials.ts';

/** What a trial measures, and the facet title each measure is drawn under. */
export const MEASURES = {
  kbPerConnection: 'resident memory per connection (KB)',
  seconds: 'seconds to open and serve all',
} as const;

/** Pure: one row per measure of a summary row, its other fields (key, `trials`) kept. */
export function perMeasure(row: RowData): RowData[] {
  const names = Object.keys(MEASURES) as Array<keyof typeof MEASURES>;
  const rest = Object.fromEntries(Object.entries(row).filter(([k]) => !names.some((m) => k === m || k === loField(m) || k === hiField(m))));
  return names.map((m) => ({
    ...rest,
    measure: MEASURES[m],
    value: row[m] ?? null,
    valueLo: row[loField(m)] ?? null,
    valueHi: row[hiField(m)] ?? null,
  }));
}
