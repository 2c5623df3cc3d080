/**
 * Figures quoted in a chapter's prose, read from stored results instead of typed: a measure of
 * one variant (its median and interval), or the ratio of two variants (paired over their trials).
 * A chapter writes `<Figure cell="servers/hello" measure="requestsPerSec" where={{…}} />`; the
 * site and the notebook export both format it here, so a re-measured result changes the prose.
 */
import { formatValue } from './cell-view.ts';
import type { ResultsFile, RowData } from './protocol.ts';
import { measuredValues } from './measured-values.ts';
import { estimate, ratioEstimate, type Estimate } from './stats.ts';
import { matches, rowInterval, TRIALS_FIELD, trialValues } from './trials.ts';

export interface FigureRef {
  cell: string;
  measure: string;
  /** One variant: its value. */
  where?: RowData;
  /** Two variants: A / B. */
  a?: RowData;
  b?: RowData;
}

export interface FigureView {
  text: string;
  estimate: Estimate;
  /** `missing`: the cell has no stored results yet. */
  kind: 'value' | 'ratio' | 'missing';
}

/** Pure: a ratio for reading: whole above 10, two decimals down to 0.1, two significant digits below. */
export const formatRatio = (v: number): string =>
  v >= 10 ? String(Math.round(v)) : v >= 0.1 ? v.toFixed(2) : String(Number(v.toPrecision(2)));
const ratioText = (v: number) => `${formatRatio(v)}×`;

/** Pure: the figure's estimate and its text, "41,230 (39,800–42,100)" or "1.32× (1.28–1.36)". Throws when nothing matches. */
export function figureView(ref: FigureRef, results: ResultsFile): FigureView {
  const where = (w: RowData | undefined, what: string) => {
    const found = measuredValues(results, w ?? {}, ref.measure);
    if (found.length === 0)
      throw new Error(`${ref.cell}: no ${ref.measure} where ${JSON.stringify(w ?? {})} (${what}); check the row keys in its results`);
    return found;
  };
  if (ref.a && ref.b) {
    const e = ratioEstimate(where(ref.a, 'A'), where(ref.b, 'B'));
    const spread = e.n > 1 ? ` (${ratioText(e.lo)}–${ratioText(e.hi)})` : '';
    return { kind: 'ratio', estimate: e, text: `${ratioText(e.median)}${spread}` };
  }
  // A row with no trials behind it (an extrapolation, older results) keeps its own interval.
  const rows = results.rows.filter((r) => matches(r, ref.where ?? {}));
  const row = rows.length === 1 && trialValues(results.trials, ref.where ?? {}, ref.measure).length === 0 ? rows[0] : undefined;
  const stored = row && rowInterval(row, ref.measure);
  const e =
    row && stored && typeof row[ref.measure] === 'number'
      ? { median: row[ref.measure] as number, ...stored, n: Number(row[TRIALS_FIELD] ?? 1) }
      : estimate(where(ref.where, 'value'));
  const spread = e.n > 1 && e.lo !== e.hi ? ` (${formatValue(e.lo)}–${formatValue(e.hi)})` : '';
  return { kind: 'value', estimate: e, text: `${formatValue(e.median)}${spread}` };
}
