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

const matches = (r: RowData, fields: Record<string, RowData[string]>) => Object.entries(fields).every(([k, v]) => r[k] === v);

/**
 * Pure: the baseline row for `row` among `rows`: one whose fields equal the spec's baseline, and of
 * those the one that shares most of `row`'s other text fields (its size, its server...).
 */
export function baselineOf(rows: RowData[], row: RowData, baseline: Spread['baseline']): RowData | undefined {
  const keys = Object.keys(row).filter((k) => typeof row[k] === 'string' && !(k in baseline));
  let best: RowData | undefined;
  let score = -1;
  for (const r of rows) {
    if (!matches(r, baseline)) continue;
    const s = keys.filter((k) => r[k] === row[k]).length;
    if (s > score) [best, score] = [r, s];
  }
  return best;
}

const positive = (v: RowData[string] | undefined): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

/**
 * Pure: every other machine's rows, each measure a ratio to that machine's baseline drawn on the
 * reference machine's scale, tagged with `machine` (and `runtime`, `cell` as the chart's own rows).
 * Rows without a baseline on either machine, and files the reference machine has no like of, are left out.
 */
export function spreadRows(spread: Spread, reference: RuntimeResults[], machines: MachineResults[]): RowData[] {
  const { measure, baseline } = spread;
  return machines.flatMap(({ machine, files }) =>
    files.flatMap((f) => {
      const like = reference.find((r) => r.cell === f.cell && r.runtime === f.runtime && r.preset === f.preset);
      if (!like) return [];
      const ours = tagRows(like.rows, like);
      const theirs = tagRows(f.rows, f);
      return theirs.flatMap((row) => {
        const base = baselineOf(theirs, row, baseline)?.[measure];
        const refBase = baselineOf(ours, row, baseline)?.[measure];
        const value = row[measure];
        if (!positive(base) || !positive(refBase) || typeof value !== 'number') return [];
        const { [loField(measure)]: _lo, [hiField(measure)]: _hi, ...rest } = row;
        return [{ ...rest, [measure]: (value / base) * refBase, [MACHINE_FIELD]: machine }];
      });
    }),
  );
}

/** Pure: the machines that have rows on the chart, in order (the selector lists them; marks are classed by index). */
export function spreadMachines(rows: RowData[]): string[] {
  return [...new Set(rows.map((r) => String(r[MACHINE_FIELD])))];
}
