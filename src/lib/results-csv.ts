/** A results file's rows as CSV, for readers who want the data in a spreadsheet. */
import { csvFormat } from 'd3-dsv';
import type { ResultsFile, RowData } from '../../core/protocol.ts';

/** Ours and the essay's figures in one table, told apart by a leading `source` column. */
export function resultsCsv(results: Pick<ResultsFile, 'rows' | 'reference'>): string {
  const tag = (rows: RowData[], source: string) => rows.map((r) => ({ source, ...r }));
  const rows = [...tag(results.rows, 'measured'), ...tag(results.reference, 'essay')];
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return (
    csvFormat(
      rows.map((r) => Object.fromEntries(columns.map((c) => [c, r[c as keyof typeof r] ?? '']))),
      columns,
    ) + '\n'
  );
}
