/**
 * A cell's chart, declared once in the chapter as plain data and turned into Observable Plot
 * options by one function: the build renders it to SVG, the browser re-renders it as rows stream.
 * Isomorphic: no `node:*`, and Plot is passed in rather than imported.
 */
import { z } from 'zod';
import type { RowData } from './protocol.ts';
import { ui, type Lang } from './ui-strings.ts';
import { drawsData, overlayColours, overlayMarkOptions, overlayPalette, type Overlay } from './chart-overlays.ts';
import { spreadMarks } from './chart-intervals.ts';

const Field = z.string().min(1);
const Constant = z.union([z.string(), z.number(), z.boolean()]);
/** Plain JSON, for mark options such as `sort: { y: 'x' }`. */
const Json: z.ZodType<unknown> = z.lazy(() => z.union([Constant, z.null(), z.array(Json), z.record(z.string(), Json)]));

const MarkSpec = z
  .object({
    mark: z.enum(['barX', 'barY', 'dot', 'line', 'lineX', 'lineY', 'ruleX', 'ruleY', 'tickX', 'tickY', 'text', 'areaY', 'rectX']),
    /** Which rows the mark draws: ours, the essay's, or both (the default). */
    data: z.enum(['all', 'measured', 'essay']).default('all'),
    x: Field.optional(),
    y: Field.optional(),
    fx: Field.optional(),
    fy: Field.optional(),
    fill: Field.optional(),
    stroke: Field.optional(),
    text: Field.optional(),
    z: Field.optional(),
    r: Field.optional(),
    x1: z.union([Field, z.number()]).optional(),
    x2: z.union([Field, z.number()]).optional(),
    y1: z.union([Field, z.number()]).optional(),
    y2: z.union([Field, z.number()]).optional(),
    /** Keep one row per series (z, fill or stroke), e.g. to label only the last point of each. */
    select: z.enum(['first', 'last', 'minX', 'maxX', 'minY', 'maxY']).optional(),
    /** Other mark options as plain JSON (r, strokeWidth, dx, textAnchor, sort, ...). */
    options: z.record(z.string(), Json).default({}),
  })
  .strict();

const ScaleSpec = z
  .object({
    label: z.string().nullable().optional(),
    type: z.enum(['linear', 'log', 'sqrt', 'band', 'point', 'utc', 'ordinal', 'categorical']).optional(),
    grid: z.boolean().optional(),
    nice: z.boolean().optional(),
    zero: z.boolean().optional(),
    legend: z.boolean().optional(),
    tickFormat: z.string().optional(),
    domain: z.array(Constant).optional(),
    axis: z.enum(['top', 'bottom', 'left', 'right']).nullable().optional(),
  })
  .strict();

export const ChartSpec = z
  .object({
    marks: z.array(MarkSpec).min(1),
    x: ScaleSpec.optional(),
    y: ScaleSpec.optional(),
    fx: ScaleSpec.optional(),
    fy: ScaleSpec.optional(),
    color: ScaleSpec.optional(),
    height: z.number().int().positive().optional(),
    marginLeft: z.number().int().nonnegative().optional(),
    marginRight: z.number().int().nonnegative().optional(),
    /** Accessible name of the chart: what it shows. */
    ariaLabel: z.string().optional(),
    /**
     * Display names for values in the data (series, categories, notes): a translated chapter shows
     * them in its language while the results keep theirs. Values without an entry show as they are.
     */
    labels: z.record(z.string(), z.string()).optional(),
  })
  .strict();
export type ChartSpec = z.infer<typeof ChartSpec>;
export type ChartSpecInput = z.input<typeof ChartSpec>;

/** Parses a chart spec, with a message that says which field is wrong. */
export function parseChartSpec(input: unknown, where: string): ChartSpec {
  const parsed = ChartSpec.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Error(`invalid chart for ${where}: ${issue.path.join('.') || 'chart'}: ${issue.message}`);
}

const SCALES = ['x', 'y', 'fx', 'fy', 'color'] as const;
/** An axis or legend title, translated. Whether there is one at all is the chart's choice, not the language's. */
const ScaleWords = z.object({ label: z.string().optional() }).strict();

/**
 * What one language may say differently in a chart that every language shares: its words (the
 * accessible name, axis titles, display names of data values) and the left and right margins, which
 * exist to fit those words. Marks, scales, domains, sort, height: one spec for all languages.
 */
export const ChartWords = z
  .object({
    ariaLabel: z.string().optional(),
    labels: z.record(z.string(), z.string()).optional(),
    x: ScaleWords.optional(),
    y: ScaleWords.optional(),
    fx: ScaleWords.optional(),
    fy: ScaleWords.optional(),
    color: ScaleWords.optional(),
    /** Room for this language's tick labels or facet titles: only when they are wider or narrower than the spec's. */
    marginLeft: z.number().int().nonnegative().optional(),
    marginRight: z.number().int().nonnegative().optional(),
  })
  .strict();
export type ChartWords = z.infer<typeof ChartWords>;

/** Parses one language's words for a chart, with a message that says which field is wrong (or not a word). */
export function parseChartWords(input: unknown, where: string): ChartWords {
  const parsed = ChartWords.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const notWords = issue.code === 'unrecognized_keys' ? ' (only words and the margins that fit them differ by language)' : '';
  throw new Error(`invalid chart words for ${where}: ${issue.path.join('.') || 'words'}: ${issue.message}${notWords}`);
}

/**
 * Pure: a shared chart in one language. The words replace the spec's (display names are added to
 * the spec's own, a language's winning), everything else is the spec's. A title for an axis the
 * chart hides (`label: null`) is refused: showing one would change the chart, not its words.
 */
export function localizeSpec(spec: ChartSpecInput, words: ChartWords | undefined, where = 'chart'): ChartSpec {
  const base = parseChartSpec(spec, where);
  if (words === undefined) return base;
  const w = parseChartWords(words, where);
  const out: ChartSpecInput = { ...base };
  for (const k of SCALES) {
    const label = w[k]?.label;
    if (label === undefined) continue;
    if (base[k]?.label === null)
      throw new Error(`invalid chart words for ${where}: ${k}.label: the chart shows no ${k} title (label: null)`);
    out[k] = { ...base[k], label };
  }
  if (w.labels) out.labels = { ...base.labels, ...w.labels };
  if (w.ariaLabel !== undefined) out.ariaLabel = w.ariaLabel;
  if (w.marginLeft !== undefined) out.marginLeft = w.marginLeft;
  if (w.marginRight !== undefined) out.marginRight = w.marginRight;
  // Parsed again so fields come in the schema's order whatever the words added.
  return parseChartSpec(out, where);
}

/** Rows as a chart sees them: ours, and the essay's published figures. */
export interface ChartData {
  measured: RowData[];
  essay: RowData[];
  /** Every trial behind the measured rows: drawn as faint dots beside each row's interval. */
  trials?: RowData[];
  /** Earlier runs drawn over ours, each in its own colour (the live notebook's history overlay). */
  overlays?: Overlay[];
}

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
  return (v) => {
    if (typeof v !== 'string') return v;
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
export function plotOptions(Plot: PlotLike, spec: ChartSpec, data: ChartData, extras: PlotExtras = {}): Record<string, unknown> {
  const { width = 688, lang = 'en' } = extras;
  const t = ui(lang);
  const tag = (rows: RowData[], source: string) => rows.map((r) => ({ ...r, [SOURCE_FIELD]: source }));
  const sets = { measured: tag(data.measured, t.measuredLegend), essay: tag(data.essay, t.essayLegend) };
  const all = [...sets.essay, ...sets.measured];
  const isEssay = (d: RowData) => d[SOURCE_FIELD] === t.essayLegend;
  const relabel = labeller(spec.labels ?? {});
  const overlays = data.overlays ?? [];
  const colours = overlayColours(overlayPalette(PALETTE, spec, all), overlays);
  const marks = spec.marks.flatMap((m) => {
    const { mark, data: which, options, select, ...named } = m;
    const field = named.text;
    // Text drawn from the data goes through the labels too.
    const channels: Record<string, unknown> = field && spec.labels ? { ...named, text: (d: RowData) => relabel(d[field]) } : named;
    const plain = Plot[mark] as (data: unknown[], options: Record<string, unknown>) => unknown;
    const selector =
      select && (Plot[`select${select[0].toUpperCase()}${select.slice(1)}`] as (o: Record<string, unknown>) => Record<string, unknown>);
    const make = selector ? (rows: unknown[], o: Record<string, unknown>) => plain(rows, selector(o)) : plain;
    const essay = { ...essayStyle(mark, channels), className: ESSAY_CLASS, ariaDescription: t.essayLegend };
    if (which === 'measured') return [make(sets.measured, { ...channels, ...options })];
    if (which === 'essay') return [make(sets.essay, { ...channels, ...options, ...essay })];
    if (sets.essay.length === 0) return [make(all, { ...channels, ...options })];
    return [
      make(all, { ...channels, ...options, filter: (d: RowData) => !isEssay(d) }),
      make(all, { ...channels, ...options, ...essay, filter: isEssay }),
    ];
  });
  // The spread of ours: interval rules and trial dots, after the marks that order the scales.
  const spread = spreadMarks(spec.marks, data.measured, data.trials ?? []).map((s) => {
    const plain = Plot[s.mark] as (data: unknown[], options: Record<string, unknown>) => unknown;
    return plain(s.rows === 'trials' ? tag(data.trials ?? [], t.measuredLegend) : sets.measured, s.options);
  });
  // Earlier runs come after all of ours: Plot takes a sorted scale's domain from the first mark
  // that sorts it, so an overlay placed first would drop and reorder the chart's own rows.
  const overlayMarks = overlays.flatMap((o, i) =>
    spec.marks.flatMap((m) => {
      const { mark, data: which, options, select, ...named } = m;
      if (which === 'essay' || mark === 'text' || !drawsData(named)) return [];
      const plain = Plot[mark] as (data: unknown[], options: Record<string, unknown>) => unknown;
      const style = { ...overlayMarkOptions(mark, named, options, colours[i]), className: OVERLAY_CLASS, ariaDescription: o.label };
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
  const scale = (s: z.infer<typeof ScaleSpec> | undefined, keys: string[]) =>
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
    marks: [...marks, ...spread, ...overlayMarks],
  };
}

/** The legend of the overlaid runs: each one's label and colour, as plotOptions draws them. */
export function overlayLegend(spec: ChartSpec, data: ChartData): { label: string; colour: string }[] {
  const overlays = data.overlays ?? [];
  const colours = overlayColours(overlayPalette(PALETTE, spec, [...data.measured, ...data.essay]), overlays);
  return overlays.map((o, i) => ({ label: o.label, colour: colours[i] }));
}
