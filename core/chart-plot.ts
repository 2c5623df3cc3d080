/**
 * A chart spec turned into Observable Plot options by one function: the build renders it to SVG,
 * the browser re-renders it as rows stream. Isomorphic: no `node:*`, and Plot is passed in rather
 * than imported.
 */
import type { RowData } from './protocol.ts';
import { ui, type Lang } from './ui-strings.ts';
import { drawsData, overlayColours, overlayMarkOptions, overlayPalette } from './chart-overlays.ts';
import { spreadMarks } from './chart-intervals.ts';
import type { ChartSpec } from './chart-spec.ts';
import type { ChartData } from './chart-data.ts';
import { MACHINE_CLASS, MACHINE_FIELD, matches, spreadMachines, spreadMeasures } from './chart-spread.ts';

export type { ChartData } from './chart-data.ts';

export const SOURCE_FIELD = 'source';
/** The class of every mark that draws the essay's figures: the page's toggle hides them by it. */
export const ESSAY_CLASS = 'am-essay';
export const OVERLAY_CLASS = 'am-overlay';

/**
 * Okabe & Ito's palette, which stays distinct under the common colour-vision deficiencies; black
 * became grey so it shows in dark mode, and yellow, last, is darkened (pure yellow is faint on white).
 */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#999999', '#B8A000'];

/** The subset of Plot this module needs, so node and browser pass their own import. */
export interface PlotLike {
  plot(options: Record<string, unknown>): Element;
  [mark: string]: unknown;
}

const AREA_MARKS = new Set(['barX', 'barY', 'rectX', 'areaY', 'dot']);
const STROKE_MARKS = new Set(['line', 'lineX', 'lineY', 'ruleX', 'ruleY', 'tickX', 'tickY']);

/** How the essay's copy of a mark differs, so its figures read as quoted even without colour. */
function essayStyle(mark: string, channels: Record<string, unknown>): Record<string, unknown> {
  if (AREA_MARKS.has(mark))
    return { fillOpacity: 0.18, stroke: channels.fill ?? channels.stroke ?? 'currentColor', strokeWidth: 1.5, strokeDasharray: '4 2' };
  if (STROKE_MARKS.has(mark)) return { strokeDasharray: '5 3' };
  if (mark === 'text') return { fontStyle: 'italic' };
  return {};
}

/**
 * Plot names each mark's <g> ("dot", "bar") with aria-label, which ARIA forbids on a plain group
 * (axe: aria-prohibited-attr). The chart is named once, on its role="img" wrapper.
 */
export function stripMarkLabels(chart: Element): Element {
  for (const g of chart.querySelectorAll('g[aria-label]')) g.removeAttribute('aria-label');
  return chart;
}

/**
 * Pure: the function that shows a data value under its label. A key with `{}` stands for any
 * number in the value ("{} per GiB" → "每 GiB {} 个"), so a re-measured figure keeps its wording.
 */
export function labeller(labels: Record<string, string>): (v: unknown) => unknown {
  const escapeRegex = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const patterns = Object.entries(labels)
    .filter(([k]) => k.includes('{}'))
    .map(([k, label]) => ({ re: new RegExp(`^${k.split('{}').map(escapeRegex).join('([-+]?[\\d.,]+)')}$`), label }));
  const one = (v: string): string => {
    if (labels[v] !== undefined) return labels[v];
    for (const { re, label } of patterns) {
      const m = re.exec(v);
      if (m) {
        let i = 1;
        return label.replace(/\{\}/g, () => m[i++] ?? '');
      }
    }
    return v;
  };
  return (v) => {
    if (typeof v !== 'string') return v;
    // A value made of several fields (the spec's `fields`): its own label, else each part's.
    if (labels[v] === undefined && v.includes(PART_SEPARATOR)) return v.split(PART_SEPARATOR).map(one).join(PART_SEPARATOR);
    return one(v);
  };
}

/** What joins the parts of a value made of several fields (the spec's `fields`). */
export const PART_SEPARATOR = ' · ';

/** Pure: rows with the spec's made fields added (`{ series: ['runtime', 'deployment'] }` → `series: 'node20 · sync'`). */
export function withFields(rows: RowData[], fields: ChartSpec['fields']): RowData[] {
  if (!fields) return rows;
  const made = Object.entries(fields);
  return rows.map((r) => {
    const out = { ...r };
    for (const [name, parts] of made) out[name] = parts.map((p) => String(r[p] ?? '')).join(PART_SEPARATOR);
    return out;
  });
}

/** Pure: a mark's `filter` as Plot's filter function, and-ed with another (the essay's or ours). */
function rowFilter(
  filter: Record<string, RowData[string]> | undefined,
  and?: (d: RowData) => boolean,
): { filter?: (d: RowData) => boolean } {
  if (!filter) return and ? { filter: and } : {};
  return { filter: (d: RowData) => matches(d, filter) && (!and || and(d)) };
}

export interface PlotExtras {
  width?: number;
  lang?: Lang;
}

/**
 * Pure: Plot options for a spec and its rows. A mark over all rows becomes two marks over the
 * same data, one filtered to ours and one to the essay's (outlined, dashed, classed so it can be
 * hidden): filtering rather than splitting the data keeps sorted domains identical.
 */
export function plotOptions(Plot: PlotLike, spec: ChartSpec, chartData: ChartData, extras: PlotExtras = {}): Record<string, unknown> {
  const { width = 688, lang = 'en' } = extras;
  const made = (rows: RowData[]) => withFields(rows, spec.fields);
  const data: ChartData = {
    measured: made(chartData.measured),
    essay: made(chartData.essay),
    ...(chartData.trials ? { trials: made(chartData.trials) } : {}),
    ...(chartData.machines ? { machines: made(chartData.machines) } : {}),
    ...(chartData.overlays ? { overlays: chartData.overlays.map((o) => ({ ...o, rows: made(o.rows) })) } : {}),
  };
  const t = ui(lang);
  const tag = (rows: RowData[], source: string) => rows.map((r) => ({ ...r, [SOURCE_FIELD]: source }));
  const sets = { measured: tag(data.measured, t.measuredLegend), essay: tag(data.essay, t.essayLegend) };
  const all = [...sets.essay, ...sets.measured];
  const isEssay = (d: RowData) => d[SOURCE_FIELD] === t.essayLegend;
  const relabel = labeller(spec.labels ?? {});
  const overlays = data.overlays ?? [];
  const colours = overlayColours(overlayPalette(PALETTE, spec, all), overlays);
  const marks = spec.marks.flatMap((m) => {
    const { mark, data: which, options, select, filter, ...named } = m;
    const field = named.text;
    // Text drawn from the data goes through the labels too.
    const channels: Record<string, unknown> = field && spec.labels ? { ...named, text: (d: RowData) => relabel(d[field]) } : named;
    const plain = Plot[mark] as (data: unknown[], options: Record<string, unknown>) => unknown;
    const selector =
      select && (Plot[`select${select[0].toUpperCase()}${select.slice(1)}`] as (o: Record<string, unknown>) => Record<string, unknown>);
    const make = selector ? (rows: unknown[], o: Record<string, unknown>) => plain(rows, selector(o)) : plain;
    const essay = { ...essayStyle(mark, channels), className: ESSAY_CLASS, ariaDescription: t.essayLegend };
    if (which === 'measured') return [make(sets.measured, { ...channels, ...options, ...rowFilter(filter) })];
    if (which === 'essay') return [make(sets.essay, { ...channels, ...options, ...essay, ...rowFilter(filter) })];
    if (sets.essay.length === 0) return [make(all, { ...channels, ...options, ...rowFilter(filter) })];
    return [
      make(all, { ...channels, ...options, ...rowFilter(filter, (d: RowData) => !isEssay(d)) }),
      make(all, { ...channels, ...options, ...essay, ...rowFilter(filter, isEssay) }),
    ];
  });
  // The spread of ours: interval rules and trial dots, after the marks that order the scales.
  const spread = spreadMarks(spec.marks, data.measured, data.trials ?? []).map((s) => {
    const plain = Plot[s.mark] as (data: unknown[], options: Record<string, unknown>) => unknown;
    return plain(s.rows === 'trials' ? tag(data.trials ?? [], t.measuredLegend) : sets.measured, s.options);
  });
  // Other machines: a faint dot per row where a mark places a spread's measure (once per place: a
  // line and its dots are one place), each machine's dots one mark (classed by its index) so the
  // page's machine selector can bring one forward.
  const machineRows = spec.spread ? (data.machines ?? []) : [];
  const measures = spec.spread ? spreadMeasures(spec.spread) : [];
  const places = new Map<string, Record<string, unknown>>();
  for (const m of spec.marks) {
    const { mark, data: which, x, y, fx, fy, filter } = m;
    if (which === 'essay' || mark === 'text' || !measures.some((f) => f === x || f === y)) continue;
    const at = { ...(x ? { x } : {}), ...(y ? { y } : {}), ...(fx ? { fx } : {}), ...(fy ? { fy } : {}) };
    places.set(JSON.stringify([at, filter ?? null]), { ...at, ...rowFilter(filter) });
  }
  const machineMarks = spreadMachines(machineRows).flatMap((machine, i) =>
    [...places.values()].map((at) =>
      (Plot.dot as (d: unknown[], o: Record<string, unknown>) => unknown)(
        machineRows.filter((r) => r[MACHINE_FIELD] === machine),
        { ...at, r: 2.5, fill: 'currentColor', fillOpacity: 0.22, className: `${MACHINE_CLASS}-${i}`, ariaDescription: machine },
      ),
    ),
  );
  // Earlier runs come after all of ours: Plot takes a sorted scale's domain from the first mark
  // that sorts it, so an overlay placed first would drop and reorder the chart's own rows.
  const overlayMarks = overlays.flatMap((o, i) =>
    spec.marks.flatMap((m) => {
      const { mark, data: which, options, select, filter, ...named } = m;
      if (which === 'essay' || mark === 'text' || !drawsData(named)) return [];
      const plain = Plot[mark] as (data: unknown[], options: Record<string, unknown>) => unknown;
      const style = {
        ...overlayMarkOptions(mark, named, options, colours[i]),
        ...rowFilter(filter),
        className: OVERLAY_CLASS,
        ariaDescription: o.label,
      };
      const selector =
        select && (Plot[`select${select[0].toUpperCase()}${select.slice(1)}`] as (o: Record<string, unknown>) => Record<string, unknown>);
      return [plain(tag(o.rows, o.label), selector ? selector(style) : style)];
    }),
  );
  // A scale over text values shows their labels (a numeric scale keeps Plot's own number format).
  const categorical = (keys: string[]) =>
    spec.labels !== undefined &&
    spec.marks.some((m) =>
      keys.some((k) => {
        const f = m[k as keyof typeof m];
        return typeof f === 'string' && all.some((r) => typeof (r as RowData)[f] === 'string');
      }),
    );
  const scale = (s: ChartSpec['x'], keys: string[]) =>
    categorical(keys) && !s?.tickFormat ? { ...s, tickFormat: relabel } : s ? { ...s } : undefined;
  const color = scale(spec.color, ['fill', 'stroke']);
  return {
    width,
    ...(spec.height ? { height: spec.height } : {}),
    ...(spec.marginLeft !== undefined ? { marginLeft: spec.marginLeft } : {}),
    ...(spec.marginRight !== undefined ? { marginRight: spec.marginRight } : {}),
    ...(spec.ariaLabel ? { ariaLabel: spec.ariaLabel } : {}),
    x: scale(spec.x, ['x']),
    y: scale(spec.y, ['y']),
    fx: scale(spec.fx, ['fx']),
    fy: scale(spec.fy, ['fy']),
    color: { legend: true, type: 'ordinal', range: PALETTE, ...color },
    style: { fontSize: '12px', background: 'transparent', color: 'currentColor', overflow: 'visible' },
    marks: [...marks, ...machineMarks, ...spread, ...overlayMarks],
  };
}

/** The legend of the overlaid runs: each one's label and colour, as plotOptions draws them. */
export function overlayLegend(spec: ChartSpec, data: ChartData): { label: string; colour: string }[] {
  const overlays = data.overlays ?? [];
  const colours = overlayColours(overlayPalette(PALETTE, spec, [...data.measured, ...data.essay]), overlays);
  return overlays.map((o, i) => ({ label: o.label, colour: colours[i] }));
}
