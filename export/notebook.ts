/**
 * A chapter as a Jupyter notebook (nbformat 4.5) for Deno's kernel: prose as Markdown cells, each
 * experiment as its own source (a Markdown code block) and a code cell that runs it through the
 * project's runner (./jupyter.ts says why), whose outputs are its stored results (chart as SVG,
 * rows as a table) until it is run. Pure: the parsed chapter and loaded cells in, a notebook object
 * out; `serializeNotebook` gives the same bytes for the same inputs.
 */
import type { Provenance, ResultsFile, RowData } from '../core/protocol.ts';
import { resultsUrl } from '../core/results.ts';
import { table as textTable } from '../core/report.ts';
import { paramsLine, provenanceLine, tableLabel, toTable, type TableView } from '../core/cell-view.ts';
import type { Lang, ParsedChapter } from './mdx.ts';
import { exportHref, type LinkRoot } from './link.ts';
import { ui } from '../core/ui-strings.ts';
import { jupyterStrings, KERNELSPEC, LANGUAGE_INFO, runSource, setupSource, sourceMarkdown } from './jupyter.ts';

export { KERNELSPEC, LANGUAGE_INFO };

export type MultilineString = string[];

export interface MarkdownCell {
  id: string;
  cell_type: 'markdown';
  metadata: Record<string, unknown>;
  source: MultilineString;
}
export interface DisplayData {
  output_type: 'display_data';
  data: Record<string, MultilineString>;
  metadata: Record<string, unknown>;
}
export interface CodeCell {
  id: string;
  cell_type: 'code';
  /** Absent on the setup cell, which runs no experiment. */
  metadata: { async_measured?: CodeCellMeta; [key: string]: unknown };
  source: MultilineString;
  outputs: DisplayData[];
  execution_count: null;
}
export type NotebookCell = MarkdownCell | CodeCell;

export interface CodeCellMeta {
  cell: string;
  file: string;
  state: 'measured' | 'stale' | 'unmeasured';
  stale: boolean;
  preset?: string;
  params?: Record<string, unknown>;
  provenance?: Provenance;
  results?: string;
}

export interface Notebook {
  nbformat: 4;
  nbformat_minor: 5;
  metadata: {
    title: string;
    kernelspec: { name: string; display_name: string; language: string };
    language_info: { name: string; file_extension: string; mimetype: string };
    async_measured: { chapter: string; lang: Lang; source_url: string; commit: string | null; generator: string };
  };
  cells: NotebookCell[];
}

/** What the export knows about one <Cell> of the chapter, read from disk by the fs module. */
export interface LoadedCell {
  id: string;
  relFile: string;
  source: string;
  /** Results are present when the cell was measured (fresh or stale). */
  status: { state: 'unmeasured' } | { state: 'measured' | 'stale'; results: ResultsFile };
  /** The chart as a standalone SVG document, when there are results. */
  svg?: string;
  /** The chart's accessible name, the SVG's text fallback. */
  chartLabel?: string;
  /** The chart's display words for the rows' keys, in the notebook's language (the tables show them). */
  labels?: Record<string, string>;
}

export interface ExportInput {
  slug: string;
  lang: Lang;
  chapter: ParsedChapter;
  /** Loaded cells by id; every <Cell> of the chapter must have one. */
  cells: ReadonlyMap<string, LoadedCell>;
  /** Where links to the site point (runners/notebook-export-link.ts). */
  links: LinkRoot;
  commit: string | null;
}

/** Text as nbformat stores it: a list of lines, each but the last ending in "\n". */
export function toLines(text: string): MultilineString {
  if (text === '') return [];
  const lines = text.split('\n');
  return lines.map((l, i) => (i < lines.length - 1 ? l + '\n' : l)).filter((l) => l !== '');
}

/** A valid, unique nbformat cell id (`^[a-zA-Z0-9-_]+$`, 1–64 characters) from a readable name. */
export function makeIdFactory(): (name: string) => string {
  const used = new Set<string>();
  return (name) => {
    const base =
      name
        .replace(/[^a-zA-Z0-9_-]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 56) || 'cell';
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    return id;
  };
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** An HTML table; numbers are right-aligned, as on the page. */
export function htmlTable(view: TableView, rows: RowData[]): string {
  const numeric = view.columns.map(
    (c) => rows.length > 0 && rows.every((r) => r[c] === undefined || r[c] === null || typeof r[c] === 'number'),
  );
  const cell = (tag: 'th' | 'td', text: string, i: number) =>
    `<${tag}${numeric[i] ? ' style="text-align:right"' : ''}>${escapeHtml(text)}</${tag}>`;
  return [
    '<table>',
    `<thead><tr>${view.columns.map((c, i) => cell('th', c, i)).join('')}</tr></thead>`,
    '<tbody>',
    ...view.rows.map((r) => `<tr>${r.map((v, i) => cell('td', v, i)).join('')}</tr>`),
    '</tbody>',
    '</table>',
  ].join('\n');
}

/** The rows (and the essay's figures) as an HTML and a text table. */
export function rowsOutput(
  r: Pick<ResultsFile, 'rows' | 'reference'>,
  lang: Lang,
  labels: Record<string, string> | undefined,
): DisplayData {
  const t = ui(lang);
  const label = tableLabel(labels);
  const ours = toTable(r.rows, label);
  const html = [`<p><strong>${escapeHtml(t.rows(r.rows.length))}</strong></p>`, htmlTable(ours, r.rows)];
  const text = [t.rows(r.rows.length), textTable(ours.columns, ours.rows)];
  if (r.reference.length) {
    const essay = toTable(r.reference, label);
    html.push(`<p>${escapeHtml(t.essayFigures)}</p>`, htmlTable(essay, r.reference));
    text.push('', t.essayFigures, textTable(essay.columns, essay.rows));
  }
  return {
    output_type: 'display_data',
    data: { 'text/html': toLines(html.join('\n')), 'text/plain': toLines(text.join('\n')) },
    metadata: {},
  };
}

function codeCell(id: string, cell: LoadedCell, lang: Lang): CodeCell {
  const { status } = cell;
  const meta: CodeCellMeta = { cell: cell.id, file: cell.relFile, state: status.state, stale: status.state === 'stale' };
  const outputs: DisplayData[] = [];
  if (status.state !== 'unmeasured') {
    const r = status.results;
    Object.assign(meta, { preset: r.preset, params: r.params, provenance: r.provenance, results: resultsUrl(cell.id) });
    if (cell.svg) outputs.push(chartOutput(cell.svg, cell.chartLabel ?? ui(lang).chartOf(cell.id)));
    outputs.push(rowsOutput(r, lang, cell.labels));
  }
  return {
    id,
    cell_type: 'code',
    metadata: { async_measured: meta },
    source: toLines(runSource(cell.id)),
    outputs,
    execution_count: null,
  };
}

/** The chart as an SVG output, with its accessible name as the text fallback. */
export function chartOutput(svg: string, label: string): DisplayData {
  return { output_type: 'display_data', data: { 'image/svg+xml': toLines(svg), 'text/plain': toLines(label) }, metadata: {} };
}

/** The Markdown under a cell: caption, then the notice or provenance the page shows. */
function noteMarkdown(cell: LoadedCell, caption: string | undefined, input: ExportInput): string {
  const t = ui(input.lang).notebook;
  const u = ui(input.lang);
  const cmd = `npm run bench -- ${cell.id}`;
  const parts: string[] = [];
  if (caption) parts.push(`*${caption.replace(/([*_\\`[\]<])/g, '\\$1')}*`);
  const { status } = cell;
  if (status.state === 'unmeasured') parts.push(`**${u.notMeasured}** ${t.measureWith(cmd)}`);
  else {
    if (status.state === 'stale') parts.push(`**${u.stale}** ${t.measureWith(cmd)}`);
    const r = status.results;
    let line = t.measuredWith(
      provenanceLine(r.provenance, r.preset, status.state === 'stale', input.lang),
      exportHref(input.links, resultsUrl(cell.id)),
    );
    if (Object.keys(r.params).length) line += `  \n${u.parameters} ${paramsLine(r.params)}`;
    parts.push(line);
  }
  return parts.join('\n\n');
}

/** The link to the chapter: its page on the site, or its source in the checkout. */
export function chapterUrl(links: LinkRoot, slug: string, lang: Lang): string {
  return exportHref(links, `/${lang === 'en' ? '' : `${lang}/`}chapters/${slug}/`);
}

export function buildNotebook(input: ExportInput): Notebook {
  const { chapter, lang, slug } = input;
  const nextId = makeIdFactory();
  const url = chapterUrl(input.links, slug, lang);
  const markdown = (name: string, text: string): MarkdownCell => ({
    id: nextId(name),
    cell_type: 'markdown',
    metadata: {},
    source: toLines(text),
  });

  const head = [`# ${chapter.title}`];
  if (chapter.description) head.push(chapter.description);
  head.push(ui(lang).notebook.intro(url, slug, input.links.kind === 'checkout'));
  const cells: NotebookCell[] = [
    markdown('title', head.join('\n\n')),
    markdown('jupyter', jupyterStrings(lang).setup),
    { id: nextId('setup'), cell_type: 'code', metadata: {}, source: toLines(setupSource(lang)), outputs: [], execution_count: null },
  ];
  let n = 0;
  for (const block of chapter.blocks) {
    if (block.kind === 'markdown') {
      cells.push(markdown(`md-${++n}`, block.markdown));
      continue;
    }
    const loaded = input.cells.get(block.id);
    if (!loaded) throw new Error(`no loaded data for <Cell id="${block.id}">`);
    const name = block.id.replace('/', '-');
    cells.push(markdown(`${name}-source`, sourceMarkdown(loaded.relFile, loaded.source, lang)));
    cells.push(codeCell(nextId(name), loaded, lang));
    cells.push(markdown(`${name}-note`, noteMarkdown(loaded, block.caption, input)));
  }
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      title: chapter.title,
      kernelspec: KERNELSPEC,
      language_info: LANGUAGE_INFO,
      async_measured: { chapter: slug, lang, source_url: url, commit: input.commit, generator: 'npm run export' },
    },
    cells,
  };
}

/** JSON as Jupyter writes it (sorted keys, one-space indent, final newline): stable bytes. */
export function serializeNotebook(nb: Notebook): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
          )
        : v;
  return JSON.stringify(sort(nb), null, 1) + '\n';
}
