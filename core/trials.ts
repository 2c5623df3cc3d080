/**
 * Trials and the rows that summarise them. A trial is one measurement of one variant (key fields
 * such as `server` and `shape`, its `trial` position, numeric measures); a row is the variant's
 * summary: each measure's median, with `<measure>Lo` / `<measure>Hi` for its 95 % interval and
 * `trials` for how many trials it rests on. Flat fields, so charts, tables and CSV read them as is.
 */
import type { RowData } from './protocol.ts';
import { estimate, type Estimate } from './stats.ts';

export const TRIAL_FIELD = 'trial';
export const TRIALS_FIELD = 'trials';
export const loField = (measure: string) => `${measure}Lo`;
export const hiField = (measure: string) => `${measure}Hi`;

/** Pure: whether a row matches every field of `where` (all of them, by equality). */
export function matches(row: RowData, where: RowData): boolean {
  return Object.entries(where).every(([k, v]) => row[k] === v);
}

/** Pure: the values of one measure over the trials that match `where`, in trial order. */
export function trialValues(trials: RowData[], where: RowData, measure: string): number[] {
  return trials
    .filter((t) => matches(t, where))
    .sort((a, b) => Number(a[TRIAL_FIELD] ?? 0) - Number(b[TRIAL_FIELD] ?? 0))
    .map((t) => t[measure])
    .filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
}

/** Pure: a measure's estimate as row fields: `m`, `mLo`, `mHi`. */
export function estimateFields(measure: string, e: Estimate): RowData {
  return { [measure]: e.median, [loField(measure)]: e.lo, [hiField(measure)]: e.hi };
}

/**
 * Pure: one row per distinct key (the `by` fields) with every measure's median and interval, in
 * the order keys first appear. Measures a trial lacks are left out of its group's estimate.
 */
export function summarizeTrials(trials: RowData[], by: string[], measures: string[]): RowData[] {
  const groups = new Map<string, RowData[]>();
  for (const t of trials) {
    const id = JSON.stringify(by.map((k) => t[k] ?? null));
    groups.set(id, [...(groups.get(id) ?? []), t]);
  }
  return [...groups.values()].map((group) => {
    const key = Object.fromEntries(by.map((k) => [k, group[0]![k] ?? null]));
    const row: RowData = { ...key };
    for (const m of measures) Object.assign(row, estimateFields(m, estimate(trialValues(group, {}, m))));
    row[TRIALS_FIELD] = group.length;
    return row;
  });
}

/** Pure: the interval of a row's measure, when the row has one. */
export function rowInterval(row: RowData, measure: string): { lo: number; hi: number } | undefined {
  const lo = row[loField(measure)];
  const hi = row[hiField(measure)];
  return typeof lo === 'number' && typeof hi === 'number' && Number.isFinite(lo) && Number.isFinite(hi) ? { lo, hi } : undefined;
}
