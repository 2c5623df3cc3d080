/** Loads what a cell's block needs at build (or dev request) time: source, status, view, chart. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findCell } from '../../store/cells-fs.ts';
import { cellStatus } from '../../store/cell-status-fs.ts';
import { chartOf } from '../../store/charts-fs.ts';
import { cellChart } from '../../store/chart-data-fs.ts';
import type { ChartData } from '../../core/chart-plot.ts';
import { tableRows } from '../../core/chart-join.ts';
import { referenceRuntimeOf } from '../../core/runtimes.ts';
import { cellView, type CellView } from '../../core/cell-view.ts';
import type { ChartSpec } from '../../core/chart-spec.ts';
import { renderChartSvg } from '../../core/chart-svg.ts';
import type { Lang } from '../../core/ui-strings.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');

export interface CellData {
  id: string;
  relFile: string;
  source: string;
  view: CellView;
  /** The chart as drawn: the shared spec with the default words for runtimes (core/chart-join.ts). */
  spec: ChartSpec;
  /** What the chart draws: this cell on every runtime with results, and the cells its spec joins. */
  data: ChartData;
  /** The runtime the cell's own results file is measured on (node20 for .ts, cpython for .py). */
  runtime: string;
  /** Inline SVG of the stored results, when there are any. */
  svg?: string;
}

/**
 * Everything one <Cell> shows. `strict` (the static build) turns an invalid results file into a
 * build error naming it; the local site shows the message in place instead. The chart is the
 * cell's shared one in content/charts/ in the page's language, or `chart` when the <Cell> gives one.
 */
export async function loadCell(id: string, chart: unknown, strict: boolean, lang: Lang = 'en'): Promise<CellData> {
  const ref = findCell(ROOT, id);
  const shared = chartOf(ROOT, id, lang, { inline: chart });
  const status = await cellStatus(ROOT, ref);
  if (status.state === 'invalid' && strict) throw new Error(status.message);
  const { spec, data } = cellChart(ROOT, id, shared, lang, { strict });
  const own = 'results' in status ? { rows: tableRows(data.measured) } : {};
  const view = cellView({ id, status, lang, ...(spec.labels ? { labels: spec.labels } : {}), ...own });
  const svg = data.measured.length + data.essay.length > 0 ? renderChartSvg(spec, data, lang) : undefined;
  return {
    id,
    relFile: ref.relFile,
    source: readFileSync(ref.file, 'utf8'),
    view,
    spec,
    data,
    runtime: referenceRuntimeOf(ref.file),
    ...(svg ? { svg } : {}),
  };
}
