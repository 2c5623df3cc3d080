/**
 * A cell's chart, declared once as plain data (content/charts/): the spec's schema, one language's
 * words for it, and the two put together. Turning a spec into Observable Plot options is
 * chart-plot.ts. Isomorphic: no `node:*`.
 */
import { z } from 'zod';

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
    /**
     * Which rows the mark draws, by their fields' values (`{ "handler": "io" }`): a joined cell's
     * rows may hold what this chart is not about. Its interval rules, trial dots, other machines'
     * marks and earlier runs draw the same rows.
     */
    filter: z.record(z.string(), Constant).optional(),
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
    /**
     * Other cells whose rows this chart draws beside the cell's own ("chapter/cell"), each on every
     * runtime that has results (core/chart-join.ts): one experiment in both languages, one chart.
     */
    join: z.array(z.string().regex(/^[a-z0-9][a-z0-9-]*\/[a-z0-9][a-z0-9-]*$/, 'a cell id is "chapter/cell"')).optional(),
    /**
     * How other machines' results are drawn (core/chart-spread.ts): each machine's `measure` as a
     * ratio to its own `baseline` row (the row whose fields equal these), like with like only.
     */
    spread: z
      .object({
        /**
         * The row each machine's figures are divided by (its fields equal these): without one, a
         * measure that is already a ratio or a share is drawn as each machine has it.
         */
        baseline: z.record(z.string(), Constant).optional(),
        /** The measure(s) drawn, each its own ratio (a p50 and a p99 mark, say). */
        measure: z.union([Field, z.array(Field).min(1)]),
        /**
         * Fields the baseline row must share with the row it divides; by default the fields that
         * place the measure's marks (x, y, fx, fy), so a sweep's baseline is the row at the same x.
         */
        match: z.array(Field).optional(),
      })
      .strict()
      .optional(),
    /**
     * Fields made of other fields' values (`{ "series": ["runtime", "deployment"] }`), for a mark
     * that tells series apart by more than one field: the value is the parts joined by " · ", shown
     * by its own label if it has one, else each part by its label.
     */
    fields: z.record(Field, z.array(Field).min(2)).optional(),
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
