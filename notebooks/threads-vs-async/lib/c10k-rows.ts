/**
 * The C10K chart's rows: a trial measures both memory and time at once, but the chart draws each
 * measure in its own facet (a chart spec facets by a field's values), so every summary row becomes
 * one row per measure (`measure`: its name, `value`, and `valueLo` / `valueHi` for its interval).
 * The trials stay wide: prose figures and the ledger read `kbPerConnection`... from them.
 */
import type { RowData } from '../../../core/protocol.ts';
import { hiField, loField } from '../../../core/trials.ts';

/** What a trial measures: resident memory per connection (KB), and seconds to open and serve them all. */
export const MEASURES = ['kbPerConnection', 'seconds'] as const;

/** Pure: one row per measure of a summary row, its other fields (key, `trials`) kept. */
export function perMeasure(row: RowData): RowData[] {
  const rest = Object.fromEntries(
    Object.entries(row).filter(([k]) => !MEASURES.some((m) => k === m || k === loField(m) || k === hiField(m))),
  );
  return MEASURES.map((m) => ({
    ...rest,
    measure: m,
    value: row[m] ?? null,
    valueLo: row[loField(m)] ?? null,
    valueHi: row[hiField(m)] ?? null,
  }));
}
