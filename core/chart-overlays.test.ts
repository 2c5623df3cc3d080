import { describe, expect, it } from 'vitest';
import { OVERLAY_EXTRA, overlayColours, overlayPalette } from './chart-overlays.ts';
import { parseChartSpec } from './chart-spec.ts';
import { overlayLegend, PALETTE } from './chart-plot.ts';
import { renderChartSvg } from './chart-svg.ts';

// The generator-overhead chart: dots sorted by x, coloured by runtime, the essay's figures beside ours.
const spec = parseChartSpec(
  {
    marks: [
      { mark: 'ruleX', options: { x: 1 } },
      { mark: 'dot', x: 'ratio', y: 'variant', fill: 'runtime', options: { r: 5, sort: { y: 'x' } } },
    ],
    x: { type: 'log' },
  },
  'test',
);
const measured = [
  { variant: 'plain call', ratio: 1, runtime: 'Node' },
  { variant: 'generator', ratio: 120, runtime: 'Node' },
  { variant: 'async/await', ratio: 400, runtime: 'Node' },
];
const essay = [{ variant: 'yield from', ratio: 6, runtime: 'CPython' }];
// An earlier run that measured fewer variants, in another order of cost.
const earlier = {
  label: '2026-11-20 10:00 · saved code · quick preset',
  rows: [
    { variant: 'plain call', ratio: 1, runtime: 'Node' },
    { variant: 'generator', ratio: 900, runtime: 'Node' },
  ],
};
const other = {
  label: '2026-11-21 10:00 · edited parameters · quick preset',
  rows: [{ variant: 'generator', ratio: 50, runtime: 'Node' }],
};

const ticks = (html: string) =>
  [...html.matchAll(/<text[^>]*>([^<]+)<\/text>/g)]
    .map((m) => m[1])
    .filter((t) => ['plain call', 'generator', 'async/await', 'yield from'].includes(t));
const groups = (html: string, cls: string) => [...html.matchAll(new RegExp(`<g[^>]*class="${cls}"[^>]*>`, 'g'))].map((m) => m[0]);

describe('history overlays on a chart', () => {
  it('add marks without removing the essay’s or reordering the chart’s rows', () => {
    const plain = renderChartSvg(spec, { measured, essay });
    const overlaid = renderChartSvg(spec, { measured, essay, overlays: [earlier, other] });
    expect(ticks(overlaid)).toEqual(ticks(plain));
    expect(ticks(plain)).toContain('yield from');
    expect(groups(overlaid, 'am-essay')).toEqual(groups(plain, 'am-essay'));
    expect(groups(plain, 'am-essay').length).toBeGreaterThan(0);
    expect(overlaid.match(/<circle /g)!.length).toBe(plain.match(/<circle /g)!.length + 3);
  });

  it('gives each overlaid run its own colour, none of the chart’s own, and leaves the colour legend alone', () => {
    const overlaid = renderChartSvg(spec, { measured, essay, overlays: [earlier, other] });
    const strokes = groups(overlaid, 'am-overlay').map((g) => /stroke="([^"]+)"/.exec(g)?.[1]);
    expect(strokes).toEqual([PALETTE[2], PALETTE[3]]); // two runtimes took the first two
    const legend = (html: string) => [...html.matchAll(/class="[^"]*-swatch"[^>]*>.*?<\/svg>([^<]+)</g)].map((m) => m[1]);
    expect(legend(overlaid)).toEqual(legend(renderChartSvg(spec, { measured, essay })));
    expect(overlayLegend(spec, { measured, essay, overlays: [earlier, other] })).toEqual([
      { label: earlier.label, colour: PALETTE[2] },
      { label: other.label, colour: PALETTE[3] },
    ]);
  });

  it('keeps an overlay’s colour by its slot, and reuses the palette once it runs out', () => {
    const free = overlayPalette(PALETTE, spec, [...measured, ...essay]);
    expect(free).toEqual([...PALETTE.slice(2), ...OVERLAY_EXTRA]);
    // A chart whose series take the whole palette still gives each overlay a colour of its own.
    const many = overlayPalette(
      PALETTE,
      spec,
      PALETTE.map((_, i) => ({ runtime: `r${i}`, variant: 'v' })),
    );
    expect(overlayColours(many, [earlier, other])).toEqual([OVERLAY_EXTRA[0], OVERLAY_EXTRA[1]]);
    expect(overlayColours(free, [{ ...other, slot: 1 }])).toEqual([PALETTE[3]]);
    expect(overlayColours(['a', 'b'], [earlier, other, earlier])).toEqual(['a', 'b', 'a']);
    expect(overlayPalette(PALETTE, { marks: [{}] }, measured)).toEqual(PALETTE);
  });
});
