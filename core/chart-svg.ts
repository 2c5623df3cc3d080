/** Renders a chart to static SVG at build time: Observable Plot on a linkedom document. */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import type { ChartSpec } from './chart-spec.ts';
import { plotOptions, stripMarkLabels, type ChartData, type PlotLike } from './chart-plot.ts';
import type { Lang } from './ui-strings.ts';

/** The chart as an HTML string (an <svg>, or a <figure> when Plot adds a legend). */
export function renderChartSvg(spec: ChartSpec, data: ChartData, lang: Lang = 'en'): string {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const element = (Plot as unknown as PlotLike).plot({ ...plotOptions(Plot as unknown as PlotLike, spec, data, { lang }), document });
  return stripMarkLabels(element).outerHTML;
}
