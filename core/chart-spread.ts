/**
 * Other machines on one chart (issue 17): the reference machine's rows are the chart; every other
 * machine's are faint marks beside them. Machines differ in speed, so a raw figure from another
 * machine says little next to ours: each machine's `measure` becomes a ratio to its own baseline row
 * (the spec's `spread.baseline`, such as the plain call), and that ratio is drawn on the reference
 * machine's scale (times the reference machine's own baseline), so a faint mark sits where our
 * figure would be if this machine's relative costs held here. Like with like only: a machine's
 * results count when the reference machine has results of the same cell, runtime and preset.
 * Pure and isomorphic.
 */
import type { RowData } from './protocol.ts';
import type { ChartSpec } from './chart-spec.ts';
import { tagRows, type RuntimeResults } from './chart-join.ts';
import { hiField, loField } from './trials.ts';

export const MACHINE_FIELD = 'machine';
/** `${MACHINE_CLASS}-<n>` is the class of the n-th other machine's faint marks (Plot takes one class per mark). */
export const MACHINE_CLASS = 'am-machine';

/** One other machine's results files. */
export interface MachineResults {
  machine: string;
  files: RuntimeResults[];
}

type Spread = NonNullable<ChartSpec['spread']>;
type Fields = Record<string, RowData[string]>;

/** A spread as spreadRows reads it: its measures as a list, and the fields a baseline row must share. */
export interface ResolvedSpread {
  baseline?: Fields;
  measures: string[];
  match: string[];
  /**
   * Fields that place the marks but are neither matched nor the baseline's: a faint row takes the
   * reference machine's values for them (its baseline row's), such as the offered rate at the same
   * share of each machine's capacity.
   */
  place: string[];
}

export const matches = (r: RowData, fields: Fields) => Object.entries(fields).every(([k, v]) => r[k] === v);

/** Pure: the measures of a spread, as a list. */
export const spreadMeasures = (spread: Spread): string[] => (Array.isArray(spread.measure) ? spread.measure : [spread.measure]);

/**
 * Pure: a chart's spread with its defaults: the fields a baseline must share are the spec's
 * `match`, else every field that places a mark of the measure (x, y, fx, fy; a sweep's x, a facet's
 * metric), but the measures and the baseline's own fields.
 */
export function resolveSpread(spec: Pick<ChartSpec, 'spread' | 'marks'>): ResolvedSpread | undefined {
  const { spread } = spec;
  if (!spread) return undefined;
  const measures = spreadMeasures(spread);
  const placed = spec.marks
    .filter((m) => m.data !== 'essay' && measures.some((f) => m.x === f || m.y === f))
    .flatMap((m) => [m.x, m.y, m.fx, m.fy])
    .filter((f): f is string => !!f && !measures.includes(f) && !(spread.baseline && f in spread.baseline));
  const match = spread.match ?? [...new Set(placed)];
  const place = spread.baseline ? [...new Set(placed)].filter((f) => !match.includes(f)) : [];
  return { ...(spread.baseline ? { baseline: spread.baseline } : {}), measures, match, place };
}

/**
 * Pure: the baseline row for `row` among `rows`: one whose fields equal the spec's baseline and
 * that shares `match` with `row` (the same x, the same facet), and of those the one that shares most
 * of `row`'s other text fields (its size, its server...).
 */
export function baselineOf(rows: RowData[], row: RowData, baseline: Fields, match: string[] = []): RowData | undefined {
  const keys = Object.keys(row).filter((k) => typeof row[k] === 'string' && !(k in baseline));
  let best: RowData | undefined;
  let score = -1;
  for (const r of rows) {
    if (!matches(r, baseline) || !match.every((k) => r[k] === row[k])) continue;
    const s = keys.filter((k) => r[k] === row[k]).length;
    if (s > score) [best, score] = [r, s];
  }
  return best;
}

const positive = (v: RowData[string] | undefined): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

/**
 * Pure: every other machine's rows, each measure a ratio to that machine's baseline drawn on the
 * reference machine's scale (or, for a spread without a baseline, as it is), tagged with `machine`
 * (and `runtime`, `cell` as the chart's own rows). A measure without a baseline on either machine
 * is left out, a row left without measures too, and so are files the reference machine has no like of.
 */
export function spreadRows(spread: ResolvedSpread, reference: RuntimeResults[], machines: MachineResults[]): RowData[] {
  const { measures, baseline, match, place } = spread;
  return machines.flatMap(({ machine, files }) =>
    files.flatMap((f) => {
      const like = reference.find((r) => r.cell === f.cell && r.runtime === f.runtime && r.preset === f.preset);
      if (!like) return [];
      const ours = tagRows(like.rows, like);
      const theirs = tagRows(f.rows, f);
      return theirs.flatMap((row) => {
        const base = baseline && baselineOf(theirs, row, baseline, match);
        const refBase = baseline && baselineOf(ours, row, baseline, match);
        const out: RowData = { ...row };
        for (const k of place) if (refBase && refBase[k] !== undefined) out[k] = refBase[k];
        let kept = 0;
        for (const m of measures) {
          delete out[loField(m)];
          delete out[hiField(m)];
          const value = row[m];
          if (typeof value === 'number' && Number.isFinite(value) && !baseline) {
            kept++;
            continue;
          }
          const b = base?.[m];
          const rb = refBase?.[m];
          if (typeof value === 'number' && positive(b) && positive(rb)) {
            out[m] = (value / b) * rb;
            kept++;
          } else delete out[m];
        }
        return kept > 0 ? [{ ...out, [MACHINE_FIELD]: machine }] : [];
      });
    }),
  );
}

/** Pure: the machines that have rows on the chart, in order (the selector lists them; marks are classed by index). */
export function spreadMachines(rows: RowData[]): string[] {
  return [...new Set(rows.map((r) => String(r[MACHINE_FIELD])))];
}
