/**
 * A cell's chart, declared once in the chapter as plain data and turned into Observable Plot
 * options by one function: the build renders it to SVG, the browser re-renders it as rows stream.
 * Isomorphic: no `node:*`, and Plot is passed in rather than imported.
 */
import { z } from 'zod';
import type { RowData } from '../../runners/protocol.ts';

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

/** Rows as a chart sees them: each marked with where it came from. */
export interface ChartData {
  measured: RowData[];
  essay: RowData[];
}

export const SOURCE_FIELD = 'source';
export const MEASURED = 'measured here';
export const ESSAY = "essay's figure";

/** The subset of Plot this module needs, so node and browser pass their own import. */
export interface PlotLike {
  plot(options: Record<string, unknown>): Element;
  [mark: string]: unknown;
}

/** Pure: Plot options for a spec and its rows. */
export function plotOptions(Plot: PlotLike, spec: ChartSpec, data: ChartData, width = 688): Record<string, unknown> {
  const tag = (rows: RowData[], source: string) => rows.map((r) => ({ ...r, [SOURCE_FIELD]: source }));
  const sets = { measured: tag(data.measured, MEASURED), essay: tag(data.essay, ESSAY) };
  const all = [...sets.essay, ...sets.measured];
  const marks = spec.marks.map((m) => {
    const { mark, data: which, options, ...channels } = m;
    const rows = which === 'all' ? all : sets[which];
    const make = Plot[mark] as (data: unknown[], options: Record<string, unknown>) => unknown;
    return make(rows, { ...channels, ...options });
  });
  const scale = (s: z.infer<typeof ScaleSpec> | undefined) => (s ? { ...s } : undefined);
  return {
    width,
    ...(spec.height ? { height: spec.height } : {}),
    ...(spec.marginLeft !== undefined ? { marginLeft: spec.marginLeft } : {}),
    ...(spec.marginRight !== undefined ? { marginRight: spec.marginRight } : {}),
    ...(spec.ariaLabel ? { ariaLabel: spec.ariaLabel } : {}),
    x: scale(spec.x),
    y: scale(spec.y),
    fx: scale(spec.fx),
    fy: scale(spec.fy),
    color: { legend: true, ...scale(spec.color) },
    style: { fontSize: '12px', background: 'transparent', color: 'currentColor', overflow: 'visible' },
    marks,
  };
}
