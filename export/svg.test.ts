import { describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import { standaloneSvg } from './svg.ts';
import { renderChartSvg } from '../core/chart-svg.ts';
import { parseChartSpec } from '../core/chart-spec.ts';

const spec = (legend: boolean) => parseChartSpec({ marks: [{ mark: 'dot', x: 'x', y: 'y', fill: 'kind' }], color: { legend } }, 'test');
const data = {
  measured: [
    { x: 1, y: 2, kind: 'a & b' },
    { x: 2, y: 3, kind: 'c' },
  ],
  essay: [{ x: 1, y: 1, kind: '原文' }],
};

function parse(svg: string) {
  const { document } = parseHTML(`<html><body>${svg}</body></html>`);
  return document.body.firstElementChild!;
}

describe('standaloneSvg', () => {
  it('turns a Plot figure with an HTML legend into one SVG document with the legend drawn in SVG', () => {
    const html = renderChartSvg(spec(true), data);
    expect(html.startsWith('<figure')).toBe(true);
    const out = standaloneSvg(html);
    expect(out.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(out).not.toMatch(/<(figure|div|span)\b/);
    const root = parse(out);
    const legend = [...root.children].find((c) => c.tagName.toLowerCase() === 'g')!;
    const labels = [...legend.querySelectorAll('text')].map((t) => t.textContent);
    expect(labels).toEqual(['a & b', 'c', '原文']);
    expect(out).toContain('>a &amp; b</text>');
    // the chart sits below the legend, and the document is tall enough for both
    const chart = root.querySelector('svg')!;
    expect(Number(chart.getAttribute('y'))).toBeGreaterThan(20);
    expect(Number(root.getAttribute('height'))).toBeGreaterThan(Number(chart.getAttribute('y')) + Number(chart.getAttribute('height')) - 1);
  });

  it('wraps a bare chart and paints a background so it reads in dark themes', () => {
    const out = standaloneSvg(renderChartSvg(spec(false), data));
    const root = parse(out);
    expect(root.querySelectorAll('svg').length).toBe(1);
    expect(out).toContain('<rect width="100%" height="100%" fill="white"/>');
  });

  it('is deterministic', () => {
    expect(standaloneSvg(renderChartSvg(spec(true), data))).toBe(standaloneSvg(renderChartSvg(spec(true), data)));
  });
});
