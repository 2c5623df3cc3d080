/**
 * A live cell's chart: redrawn with Plot from data (our rows, the essay's, the overlaid runs)
 * at most once a frame, with the legend that names each overlaid run beside it. `data-rows` on
 * the cell says how many of our rows the chart shows.
 */
import * as Plot from '@observablehq/plot';
import type { RowData } from '../../core/protocol.ts';
import type { Overlay } from '../../core/chart-overlays.ts';
import type { ChartSpec } from '../../core/chart-spec.ts';
import { liveChartData, type Slot } from '../../core/chart-join.ts';
import { overlayLegend, plotOptions, stripMarkLabels, type ChartData, type PlotLike } from '../../core/chart-plot.ts';
import type { Lang, UiStrings } from '../../core/ui-strings.ts';
import { el } from './dom.ts';

export interface LiveChart {
  /**
   * What the build drew: this cell on every runtime with results and the cells its spec joins. The
   * rows below replace its rows of `slot` (this cell on one runtime); the rest of it stays drawn.
   */
  stored: ChartData;
  /** Whose rows `measured`, `trials` and `essay` are: this cell, on the runtime of the run shown. */
  slot: Slot;
  measured: RowData[];
  /** The trials behind the rows; during a run they arrive first, and fill the chart as they do. */
  trials: RowData[];
  essay: RowData[];
  overlays: Overlay[];
  /** Redraws on the next frame (many rows arriving at once cost one draw). */
  draw(): void;
  /** Back to no chart at all, as for a cell without results. */
  clear(): void;
}

export function liveChart(root: HTMLElement, spec: ChartSpec, lang: Lang, t: UiStrings, stored: ChartData, slot: Slot): LiveChart {
  const box = root.querySelector<HTMLElement>('.am-chart')!;
  // Outside the role="img" box, so screen readers read the names of the overlaid runs.
  const legend = el('div', { className: 'am-overlay-legend', hidden: true });
  box.after(legend);
  let pending = false;
  let blank = false;

  const drawLegend = (data: Parameters<typeof overlayLegend>[1]) => {
    const entries = overlayLegend(spec, data);
    legend.hidden = entries.length === 0;
    legend.replaceChildren(
      el('span', { textContent: t.live.overlaysLegend }),
      el(
        'ul',
        {},
        ...entries.map(({ label, colour }) => {
          const swatch = el('span', { className: 'am-swatch' });
          swatch.style.setProperty('--am-swatch', colour);
          const item = el('li', {}, swatch, label);
          item.dataset.colour = colour;
          return item;
        }),
      ),
    );
  };

  const chart: LiveChart = {
    stored,
    slot,
    measured: [],
    trials: [],
    essay: [],
    overlays: [],
    draw() {
      blank = false;
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        if (blank) return; // cleared since
        const width = Math.max(320, Math.min(box.clientWidth || 688, 900));
        const mine = { measured: chart.measured, trials: chart.trials, essay: chart.essay, overlays: chart.overlays };
        const data = liveChartData(chart.stored, mine, chart.slot);
        const figure = Plot.plot(plotOptions(Plot as unknown as PlotLike, spec, data, { width, lang }));
        box.replaceChildren(stripMarkLabels(figure));
        drawLegend(data);
        root.dataset.rows = String(data.measured.length);
      });
    },
    clear() {
      chart.measured = [];
      chart.trials = [];
      chart.essay = [];
      // Other runtimes' and joined cells' rows stay on the chart; with none, there is no chart.
      if (chart.stored.measured.length + chart.stored.essay.length > 0) return chart.draw();
      blank = true;
      box.replaceChildren();
      legend.hidden = true;
      root.dataset.rows = '0';
    },
  };
  return chart;
}
