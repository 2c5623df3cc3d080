/**
 * One chart, many results: a cell's rows on every runtime that has results, the rows of the cells
 * its spec joins (`"join": ["chapter/cell", …]`), and the essay's figures, each row tagged with the
 * `runtime` (an id of core/runtimes.ts, or "essay") and the `cell` it came from, so a chart can
 * colour by runtime and the live page can replace exactly one cell-and-runtime's rows while a run
 * streams. Also the default words for those runtime ids. Pure and isomorphic: the build and the
 * live page draw the same thing from the same functions.
 */
import type { Provenance, RowData } from './protocol.ts';
import type { ChartData } from './chart-data.ts';
import type { ChartSpec } from './chart-spec.ts';
import { RUNTIMES, isRuntimeId, type RuntimeId } from './runtimes.ts';
import type { Lang } from './ui-strings.ts';

/** The `runtime` of the essay's published figures. */
export const ESSAY_RUNTIME = 'essay';
export const RUNTIME_FIELD = 'runtime';
export const CELL_FIELD = 'cell';

/** One results file as the join reads it: whose cell, which runtime, and what it holds. */
export interface RuntimeResults {
  cell: string;
  runtime: RuntimeId;
  rows: RowData[];
  trials: RowData[];
  reference: RowData[];
  provenance?: Pick<Provenance, 'runtime' | 'runtimeVersion'>;
  /** The preset it was measured with: other machines compare like with like (core/chart-spread.ts). */
  preset?: string;
}

/** The rows of one cell on one runtime: what a live run replaces. */
export interface Slot {
  cell: string;
  runtime: string;
}

const PHRASE = /^(node|bun|deno|cpython|python)\s*v?(\d[\w.+-]*)$/i;

/**
 * Pure: a measured row's `runtime` as a runtime id. A row that names its runtime with a display
 * phrase ("CPython 3.11.2", "Node 20.20.2": what cells wrote before runtimes were ids) gets the
 * runtime its file was measured on: the phrase is the cell's own view, and on Bun or Deno
 * `process.versions.node` names the Node they imitate ("Node 26.3.0"), not themselves. An id, an
 * essay's key ("essay", "essay-cpython-3.4") or any other value the cell chose stays as it is; a
 * row without one gets its file's runtime too.
 */
export function runtimeKey(value: RowData[string] | undefined, runtime: string): RowData[string] {
  if (value === undefined || value === null || value === '') return runtime;
  if (typeof value !== 'string' || isRuntimeId(value)) return value;
  return PHRASE.test(value.trim()) ? runtime : value;
}

/** Pure: rows tagged with their runtime and cell (a row that has a `cell` keeps it). */
export function tagRows(rows: RowData[], slot: Slot): RowData[] {
  return rows.map((r) => ({ ...r, [RUNTIME_FIELD]: runtimeKey(r[RUNTIME_FIELD], slot.runtime), [CELL_FIELD]: r[CELL_FIELD] ?? slot.cell }));
}

/** Pure: the essay's rows tagged ("essay" unless they name their own key), once each across cells and runtimes. */
export function tagEssay(rows: RowData[], cell: string): RowData[] {
  return rows.map((r) => ({ ...r, [RUNTIME_FIELD]: r[RUNTIME_FIELD] ?? ESSAY_RUNTIME, [CELL_FIELD]: r[CELL_FIELD] ?? cell }));
}

function withoutCell(r: RowData): string {
  const { [CELL_FIELD]: _cell, ...rest } = r;
  return JSON.stringify(Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Pure: the same essay figure quoted by two cells (or two runtimes' files) is drawn once. */
export function uniqueEssay(rows: RowData[]): RowData[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const k = withoutCell(r);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Pure: every results file's rows, trials and essay figures as one chart's data. */
export function joinChartData(files: RuntimeResults[]): ChartData {
  return {
    measured: files.flatMap((f) => tagRows(f.rows, f)),
    trials: files.flatMap((f) => tagRows(f.trials, f)),
    essay: uniqueEssay(files.flatMap((f) => tagEssay(f.reference, f.cell))),
  };
}

/**
 * A row is the slot's when it is the slot's cell on the slot's runtime, or the cell's row whose
 * `runtime` is its own key rather than a runtime id (keakon's `"node"` rows: a Node server measured
 * inside the CPython run), since the run that streams now writes those rows again.
 */
const isSlot = (r: RowData, s: Slot) =>
  r[CELL_FIELD] === s.cell &&
  (r[RUNTIME_FIELD] === s.runtime ||
    (typeof r[RUNTIME_FIELD] === 'string' && r[RUNTIME_FIELD] !== ESSAY_RUNTIME && !isRuntimeId(r[RUNTIME_FIELD])));

/**
 * Pure: what the chart shows while a run of one cell on one runtime streams (or after it): the
 * run's rows instead of that cell-and-runtime's stored ones; every other runtime's and joined
 * cell's rows stay, and the essay's figures stay (the run's own are added once).
 */
export function liveChartData(stored: ChartData, live: ChartData, slot: Slot): ChartData {
  return {
    measured: replaceSlot(stored.measured, tagRows(live.measured, slot), slot),
    trials: replaceSlot(stored.trials ?? [], tagRows(live.trials ?? [], slot), slot),
    essay: uniqueEssay([...stored.essay, ...tagEssay(live.essay, slot.cell)]),
    ...(live.overlays ? { overlays: live.overlays } : {}),
    ...(stored.machines ? { machines: stored.machines } : {}),
  };
}

/** The slot's rows where its stored ones were (so a finished run draws as the build did), or after the rest. */
function replaceSlot(stored: RowData[], rows: RowData[], slot: Slot): RowData[] {
  const at = stored.findIndex((r) => isSlot(r, slot));
  const rest = stored.filter((r) => !isSlot(r, slot));
  const i = at === -1 ? rest.length : stored.slice(0, at).filter((r) => !isSlot(r, slot)).length;
  return [...rest.slice(0, i), ...rows, ...rest.slice(i)];
}

/** Pure: the distinct values of a field over rows, in first-seen order. */
export function distinct(rows: RowData[], field: string): RowData[string][] {
  return [...new Set(rows.map((r) => r[field]).filter((v) => v !== undefined))];
}

/** "3.11.2" → "3.11"; Node keeps its major ("Node 20"), as the runtime table names it. */
function versionedLabel(id: RuntimeId, version: string | undefined): string {
  const spec = RUNTIMES[id];
  if (spec.nodeMajor !== undefined || !version) return spec.label;
  const mm = /^v?(\d+)(?:\.(\d+))?/.exec(version);
  return mm ? `${spec.label} ${mm[1]}${mm[2] !== undefined ? `.${mm[2]}` : ''}` : spec.label;
}

/** Who wrote each chapter's essay, for the default name of its figures. */
const ESSAYS: Record<string, { en: string; 'zh-cn': string; year?: number }> = {
  'generator-overhead': { en: 'Bayer', 'zh-cn': 'Bayer', year: 2015 },
  databases: { en: 'Bayer', 'zh-cn': 'Bayer', year: 2015 },
  'threads-vs-async': { en: 'Dong Weiming', 'zh-cn': '董伟明', year: 2016 },
  servers: { en: 'keakon', 'zh-cn': 'keakon', year: 2015 },
  'cpu-vs-io': { en: 'luminousmen', 'zh-cn': 'luminousmen' },
  'sync-vs-async': { en: 'Grinberg', 'zh-cn': 'Grinberg', year: 2020 },
};

/** "essay (Bayer, 2015)" / "原文（Bayer，2015）": the default name of a chapter's essay figures. */
export function essayLabel(chapter: string, lang: Lang): string {
  const e = ESSAYS[chapter];
  if (lang === 'zh-cn') return e ? `原文（${e['zh-cn']}${e.year ? `，${e.year}` : ''}）` : '原文';
  return e ? `essay (${e.en}${e.year ? `, ${e.year}` : ''})` : 'essay';
}

/**
 * Pure: the default display words for the runtime ids in a chart's data ("cpython" → "CPython 3.11",
 * "node20" → "Node 20", "essay" → the chapter's essay): a spec's own `labels` win over these.
 */
export function runtimeLabels(files: RuntimeResults[], chapter: string, lang: Lang): Record<string, string> {
  const out: Record<string, string> = { [ESSAY_RUNTIME]: essayLabel(chapter, lang) };
  for (const f of files) out[f.runtime] ??= versionedLabel(f.runtime, f.provenance?.runtimeVersion);
  for (const id of Object.keys(RUNTIMES) as RuntimeId[]) out[id] ??= RUNTIMES[id].label;
  return out;
}

/** Pure: whether any of the spec's marks tells rows apart by a field (as a colour, series or facet). */
function marksUse(spec: ChartSpec, field: string): boolean {
  const made = Object.entries(spec.fields ?? {}).flatMap(([name, parts]) => (parts.includes(field) ? [name] : []));
  return spec.marks.some((m) =>
    [m.fill, m.stroke, m.z, m.fx, m.fy, m.text].some((f) => f === field || (f !== undefined && made.includes(f))),
  );
}

/** The order runtimes take in a legend: the runtime table's (Node 20 first, as the site always drew it), any other value, the essay's figures last. */
function runtimeOrder(values: RowData[string][]): (string | number | boolean)[] {
  const rank = (v: RowData[string]) => {
    if (typeof v === 'string' && v.startsWith(ESSAY_RUNTIME)) return Object.keys(RUNTIMES).length + 1;
    const i = (Object.keys(RUNTIMES) as string[]).indexOf(String(v));
    return i === -1 ? Object.keys(RUNTIMES).length : i;
  };
  return values.filter((v) => v !== null).sort((a, b) => rank(a) - rank(b));
}

/**
 * Pure: the spec a chart of these rows is drawn with: the default runtime words under the spec's
 * own; when the colour is the runtime alone, its legend in a fixed order (Node 20, …, CPython,
 * the essay), not the alphabet's; and when the rows come from several
 * runtimes but no mark tells them apart, one facet row per runtime, so two runtimes' figures never
 * share a mark.
 */
export function joinedSpec(spec: ChartSpec, data: ChartData, defaults: Record<string, string>): ChartSpec {
  const out: ChartSpec = { ...spec, labels: { ...defaults, ...spec.labels } };
  const rows = [...data.essay, ...data.measured];
  const colours = spec.marks.flatMap((m) => [m.fill, m.stroke]).filter((f) => f !== undefined);
  if (colours.length > 0 && colours.every((f) => f === RUNTIME_FIELD) && !spec.color?.domain)
    out.color = { ...spec.color, domain: runtimeOrder(distinct(rows, RUNTIME_FIELD)) };
  const many = distinct(data.measured, RUNTIME_FIELD).length > 1;
  if (!many || marksUse(spec, RUNTIME_FIELD) || spec.fy || spec.marks.some((m) => m.fy)) return out;
  const facets = distinct(rows, RUNTIME_FIELD).length;
  return {
    ...out,
    marks: spec.marks.map((m) => ({ ...m, fy: RUNTIME_FIELD })),
    fy: { label: null, axis: 'right', domain: runtimeOrder(distinct(rows, RUNTIME_FIELD)) },
    marginRight: Math.max(spec.marginRight ?? 0, 110),
    ...(spec.height ? { height: spec.height * facets } : {}),
  };
}

/** Pure: the rows the table under the chart lists: `runtime` and `cell` only when they tell rows apart. */
export function tableRows(rows: RowData[]): RowData[] {
  const drop = [RUNTIME_FIELD, CELL_FIELD].filter((f) => distinct(rows, f).length <= 1);
  if (drop.length === 0) return rows;
  return rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !drop.includes(k))));
}
