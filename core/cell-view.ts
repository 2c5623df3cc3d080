/**
 * What a cell's block on a page shows, computed from its stored status: pure, so the .astro
 * component only lays it out and tests need no Astro.
 */
import type { Preset, Provenance, ResultsFile, RowData } from './protocol.ts';
import { hiField, loField, rowInterval } from './trials.ts';
import { resultsUrl } from './results.ts';
import { runtimeLabel } from './runtimes.ts';
import { measureCommand, statusView } from './cell-status-view.ts';
import { ui, type Lang } from './ui-strings.ts';
import { labeller } from './chart-plot.ts';

export interface TableView {
  columns: string[];
  rows: string[][];
}

export interface CellViewInput {
  id: string;
  /** The page's language; English by default. */
  lang?: Lang;
  status: { state: 'unmeasured' } | { state: 'invalid'; message: string } | { state: 'measured' | 'stale'; results: ResultsFile };
  /** The display words of the cell's chart in the page's language (its spec's `labels`): rows carry keys, the table shows these. */
  labels?: Record<string, string>;
  /** The rows the table lists, when the chart draws more than the stored results' own (other runtimes, joined cells). */
  rows?: RowData[];
}

export interface CellView {
  /** `data-state` on the page: idle (fresh or unmeasured) or stale. */
  state: 'idle' | 'stale';
  rowsShown: number;
  /** The command that (re-)measures this cell. */
  command: string;
  notice?: { kind: 'unmeasured' | 'invalid' | 'stale'; text: string };
  table?: TableView;
  essayTable?: TableView;
  /** The whole provenance line, its freshness last. */
  provenance?: string;
  /** The provenance line without its freshness, and the freshness word: the live page updates it alone. */
  provenanceFacts?: string;
  freshness?: string;
  /** The stored results' preset: the live page asks before a smaller one replaces them. */
  preset?: Preset;
  /** The parameters the stored run used, e.g. "delayMs 1500 · jitterMs 300". */
  params?: string;
  jsonPath?: string;
  csvPath?: string;
  /** True when the stored results include the essay's figures (the chart can hide them). */
  hasEssay?: boolean;
}

/** 3 significant digits for small numbers, grouped digits for large ones. */
export function formatValue(v: RowData[string]): string {
  if (typeof v !== 'number') return v === null ? '' : String(v);
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
  if (Number.isInteger(v)) return String(v);
  return Number(v.toPrecision(3)).toString();
}

/**
 * Rows as a table: columns in first-seen order across all rows. A measure with an interval shows
 * it in its own cell, "12,345 (11,900–12,800)", instead of two more columns. Text values (the
 * rows' keys: `server: 'raw-net'`) show through `label`, the chart's display words, as the chart
 * shows them.
 */
export function toTable(rows: RowData[], label: (v: string) => string = (v) => v): TableView {
  const all = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const folded = new Set(all.filter((c) => all.includes(loField(c)) && all.includes(hiField(c))).flatMap((c) => [loField(c), hiField(c)]));
  const columns = all.filter((c) => !folded.has(c));
  const cell = (r: RowData, c: string) => {
    const raw = r[c] ?? null;
    if (typeof raw === 'string') return label(raw);
    const interval = folded.has(loField(c)) ? rowInterval(r, c) : undefined;
    const value = formatValue(raw);
    return interval && interval.lo !== interval.hi ? `${value} (${formatValue(interval.lo)}–${formatValue(interval.hi)})` : value;
  };
  return { columns, rows: rows.map((r) => columns.map((c) => cell(r, c))) };
}

/** Pure: the table's text for a value, by a chart's display words (`labels`; a key with `{}` stands for a number). */
export function tableLabel(labels: Record<string, string> | undefined): (v: string) => string {
  const relabel = labeller(labels ?? {});
  return (v) => String(relabel(v));
}

/** "Node 20.20.2 · Intel Xeon · 2 cores · 24 GB · 2026-11-21 · commit 1a2b3c4 · full preset · up to date". */
/** `stale` undefined leaves the freshness out (an old run in the history list). */
export function provenanceLine(p: Provenance, preset: string, stale: boolean | undefined, lang: Lang = 'en'): string {
  const t = ui(lang);
  const parts = [
    runtimeLabel(p.runtime, p.runtimeVersion),
    p.cpu,
    t.cores(p.cores),
    `${Math.round(p.memoryBytes / 2 ** 30)} GB`,
    p.date.slice(0, 10),
    p.commit ? t.commit(p.commit, p.dirty) : t.noCommit,
    t.preset(preset),
  ];
  if (p.pinned) parts.push(`${t.pinned}: ${p.pinned}`);
  if (p.loadGenerator) parts.push(`${t.load}: ${p.loadGenerator}`);
  if (p.database) parts.push(`${t.database}: ${p.database}`);
  if (stale !== undefined) parts.push(statusView(stale ? 'stale' : 'measured', lang).freshness!);
  return parts.join(' · ');
}

/** "n 10 · sizes 1, 2, 3": a run's parameters, short enough for one line. */
export function paramsLine(params: Record<string, unknown>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k} ${Array.isArray(v) ? v.join(', ') : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`)
    .join(' · ');
}

/** The view of one cell. */
export function cellView({ id, status, lang = 'en', labels, rows }: CellViewInput): CellView {
  const command = measureCommand(id);
  const { state, notice, freshness } = statusView(status.state, lang, status.state === 'invalid' ? status.message : '');
  if (status.state === 'unmeasured' || status.state === 'invalid') return { state, rowsShown: 0, command, ...(notice ? { notice } : {}) };
  const r = status.results;
  const facts = provenanceLine(r.provenance, r.preset, undefined, lang);
  return {
    state,
    rowsShown: (rows ?? r.rows).length,
    command,
    ...(notice ? { notice } : {}),
    table: toTable(rows ?? r.rows, tableLabel(labels)),
    ...(r.reference.length ? { essayTable: toTable(r.reference, tableLabel(labels)) } : {}),
    provenance: `${facts} · ${freshness}`,
    provenanceFacts: facts,
    freshness,
    preset: r.preset,
    ...(Object.keys(r.params).length ? { params: paramsLine(r.params) } : {}),
    jsonPath: resultsUrl(id),
    csvPath: resultsUrl(id).replace(/\.json$/, '.csv'),
    hasEssay: r.reference.length > 0,
  };
}
