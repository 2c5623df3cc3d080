/**
 * The spread behind every measured mark: for a mark whose position is a measure with an interval
 * in the rows (`<m>Lo`, `<m>Hi`, see trials.ts), a rule across the interval; and each trial as a
 * small faint dot at the same place, so a reader sees how many runs a figure rests on and how far
 * they disagree. Pure: returns mark descriptions; chart-spec.ts turns them into Plot marks.
 */
import type { RowData } from './protocol.ts';
import { hiField, loField } from './trials.ts';

/** The fields of a spec mark this module reads. */
export interface MarkFields {
  mark: string;
  data?: 'all' | 'measured' | 'essay';
  x?: string;
  y?: string;
  fx?: string;
  fy?: string;
  fill?: string;
  stroke?: string;
  /** The rows the mark draws, by their fields' values (chart-spec.ts). */
  filter?: Record<string, RowData[string]>;
}

export interface SpreadMark {
  mark: 'ruleY' | 'ruleX' | 'dot';
  rows: 'measured' | 'trials';
  options: Record<string, unknown>;
}

export const INTERVAL_CLASS = 'am-interval';
export const TRIAL_CLASS = 'am-trial';

const numericIn = (rows: RowData[], field: string) => rows.some((r) => typeof r[field] === 'number');
const has = (rows: RowData[], field: string | undefined): field is string => !!field && rows.some((r) => r[field] !== undefined);

const intervalOn = (rows: RowData[], field: string | undefined): field is string =>
  !!field && numericIn(rows, loField(field)) && numericIn(rows, hiField(field));

/**
 * Which axis carries the measure: the one with an interval in the rows; while a run has produced
 * trials but no rows yet, the numeric one (y when both are, as in a line over a parameter).
 */
function measureAxis(m: MarkFields, rows: RowData[], trials: RowData[]): 'x' | 'y' | undefined {
  if (intervalOn(rows, m.x)) return 'x';
  if (intervalOn(rows, m.y)) return 'y';
  if (rows.length > 0 || trials.length === 0) return undefined;
  if (m.y && numericIn(trials, m.y)) return 'y';
  if (m.x && numericIn(trials, m.x)) return 'x';
  return undefined;
}

/** Pure: the interval rules and trial dots for a chart's marks. */
export function spreadMarks(marks: MarkFields[], measured: RowData[], trials: RowData[]): SpreadMark[] {
  const out: SpreadMark[] = [];
  const seen = new Set<string>();
  for (const m of marks) {
    if (m.data === 'essay' || m.mark === 'text') continue;
    const axis = measureAxis(m, measured, trials);
    if (!axis) continue;
    const measure = m[axis]!;
    const other = axis === 'x' ? m.y : m.x;
    const facets = { ...(m.fx ? { fx: m.fx } : {}), ...(m.fy ? { fy: m.fy } : {}) };
    const series = m.stroke ?? m.fill;
    const id = JSON.stringify([measure, other, facets, series, m.filter ?? null]);
    const only = m.filter;
    const filter = only ? { filter: (d: RowData) => Object.entries(only).every(([k, v]) => d[k] === v) } : {};
    if (seen.has(id)) continue; // a dot and its label over the same fields: one spread
    seen.add(id);
    // On a bar, the interval is drawn in the text colour (a rule the bar's colour would vanish into it).
    const colour = m.mark.startsWith('bar') || !series ? 'currentColor' : series;
    const rule =
      axis === 'x'
        ? { x1: loField(measure), x2: hiField(measure), ...(other ? { y: other } : {}) }
        : { y1: loField(measure), y2: hiField(measure), ...(other ? { x: other } : {}) };
    if (intervalOn(measured, measure))
      out.push({
        mark: axis === 'x' ? 'ruleY' : 'ruleX',
        rows: 'measured',
        options: { ...rule, ...facets, ...filter, stroke: colour, strokeWidth: 1.5, className: INTERVAL_CLASS },
      });
    // Trials carry the key fields and measures; a mark placed by a derived field has no trial dots.
    const fields = [measure, other, m.fx, m.fy, series].filter((f): f is string => !!f && f !== 'source');
    if (trials.length > 0 && fields.every((f) => has(trials, f))) {
      out.push({
        mark: 'dot',
        rows: 'trials',
        options: {
          [axis]: measure,
          ...(other ? { [axis === 'x' ? 'y' : 'x']: other } : {}),
          ...facets,
          ...filter,
          r: 1.6,
          [axis === 'x' ? 'dy' : 'dx']: 5, // beside the rule, not on it
          fill: colour,
          fillOpacity: 0.45,
          stroke: 'none',
          className: TRIAL_CLASS,
        },
      });
    }
  }
  return out;
}
