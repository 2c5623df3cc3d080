import { describe, expect, it } from 'vitest';
import { renderChartSvg } from './chart-svg.ts';
import { parseChartSpec } from './chart-spec.ts';
import { labeller, ESSAY_CLASS, PALETTE, withFields } from './chart-plot.ts';

const spec = parseChartSpec(
  { marks: [{ mark: 'barX', x: 'ratio', y: 'variant', fill: 'source' }], x: { label: 'ratio' }, ariaLabel: 'ratios' },
  'test',
);

describe('renderChartSvg', () => {
  it('draws one bar per row, ours and the essay’s, with a legend naming both', () => {
    const html = renderChartSvg(spec, {
      measured: [
        { variant: 'plain', ratio: 1 },
        { variant: 'gen', ratio: 100 },
      ],
      essay: [{ variant: 'gen', ratio: 5.9 }],
    });
    expect(html).toMatch(/^<figure/);
    expect(html).toContain('<svg');
    expect(html.match(/<rect /g)?.length).toBeGreaterThanOrEqual(3);
    expect(html).toContain('measured here');
    expect(html).toContain("essay's figure");
    expect(html).toContain('aria-label="ratios"');
    expect(html).not.toMatch(/<g[^>]*aria-label/); // prohibited on a plain group; the wrapper names the chart
  });

  it('outlines the essay’s figures in a group of their own, so a reader can hide them', () => {
    const html = renderChartSvg(spec, { measured: [{ variant: 'plain', ratio: 1 }], essay: [{ variant: 'gen', ratio: 5.9 }] });
    const essayGroup = new RegExp(`<g[^>]*class="${ESSAY_CLASS}"[^>]*>(.*?)</g>`).exec(html);
    expect(essayGroup).not.toBeNull();
    expect(essayGroup![0]).toContain('stroke-dasharray');
    expect(essayGroup![1].match(/<rect /g)?.length).toBe(1);
    // Both categories stay on the axis even though each mark draws only its own rows.
    expect(html).toContain('>plain<');
    expect(html).toContain('>gen<');
    expect(html.toLowerCase()).toContain(PALETTE[0].toLowerCase());
  });

  it('labels the legend in the page’s language', () => {
    const html = renderChartSvg(spec, { measured: [{ variant: 'plain', ratio: 1 }], essay: [{ variant: 'gen', ratio: 5.9 }] }, 'zh-cn');
    expect(html).toContain('本站实测');
    expect(html).toContain('原文数据');
  });

  it('refuses a spec with an unknown mark, naming the field', () => {
    expect(() => parseChartSpec({ marks: [{ mark: 'pie' }] }, 'c/x')).toThrow(/invalid chart for c\/x: marks.0.mark/);
  });

  it('labels one point per series when a mark selects', () => {
    const labelled = parseChartSpec({ marks: [{ mark: 'text', x: 'kb', y: 'what', z: 'what', select: 'last', text: 'label' }] }, 'test');
    const html = renderChartSvg(labelled, {
      measured: [
        { what: 'a', kb: 1, label: 'first a' },
        { what: 'a', kb: 2, label: 'last a' },
        { what: 'b', kb: 3, label: 'only b' },
      ],
      essay: [],
    });
    expect(html).toContain('last a');
    expect(html).toContain('only b');
    expect(html).not.toContain('first a');
  });

  it('draws earlier runs in their own group, outlined in a colour of their own over ours', () => {
    const html = renderChartSvg(spec, {
      measured: [{ variant: 'plain', ratio: 1 }],
      essay: [],
      overlays: [{ label: 'run of 2026-11-21', rows: [{ variant: 'plain', ratio: 2 }] }],
    });
    const group = /<g[^>]*class="am-overlay"[^>]*>(.*?)<\/g>/.exec(html);
    expect(group?.[0]).toMatch(/fill="none"/);
    expect(group?.[0]).toMatch(new RegExp(`stroke="${PALETTE[1]}"`)); // the chart's one series has the first colour
    expect(group?.[1]).toMatch(/<rect /);
    expect(html.indexOf('am-overlay')).toBeGreaterThan(html.indexOf('<rect')); // drawn after ours
    expect(html).toContain('run of 2026-11-21');
  });

  it('shows data values under their labels, for a translated page, and keeps numbers as numbers', () => {
    const translated = parseChartSpec(
      {
        marks: [
          { mark: 'barX', x: 'ratio', y: 'variant', fill: 'variant' },
          { mark: 'text', x: 'ratio', y: 'variant', text: 'note' },
        ],
        color: { legend: true },
        labels: { plain: '普通调用', gen: '生成器', 'the ceiling': '上限' },
      },
      'test',
    );
    const html = renderChartSvg(translated, {
      measured: [
        { variant: 'plain', ratio: 1000, note: 'the ceiling' },
        { variant: 'gen', ratio: 2000, note: 'other' },
      ],
      essay: [],
    });
    for (const shown of ['普通调用', '生成器', '上限', 'other', '1,000']) expect(html).toContain(shown);
    expect(html).not.toContain('>plain<');
  });

  it('keeps the colour of an essay mark coloured by stroke', () => {
    const stroked = parseChartSpec({ marks: [{ mark: 'dot', data: 'essay', x: 'n', y: 'v', stroke: 'variant' }] }, 'test');
    const html = renderChartSvg(stroked, { measured: [], essay: [{ n: 1, v: 2, variant: 'threads' }] });
    expect(html).toMatch(/<circle[^>]*stroke="#0072B2"/i);
    expect(html).toContain('threads'); // in the legend
  });
});

describe('labeller', () => {
  it('labels exact values, and values with a number through a {} pattern', () => {
    const label = labeller({ plain: '普通', '{} per GiB': '每 GiB {} 个', 'Node {}, loopback': 'Node {}，回环' });
    expect(label('plain')).toBe('普通');
    expect(label('90,207 per GiB')).toBe('每 GiB 90,207 个');
    expect(label('Node 20.20.2, loopback')).toBe('Node 20.20.2，回环');
    expect(label('per GiB')).toBe('per GiB');
    expect(label(42)).toBe(42);
  });

  it("draws a mark's filtered rows only, its interval rules too (a joined cell's CPU rows stay off an I/O chart)", () => {
    const filtered = parseChartSpec(
      { marks: [{ mark: 'dot', x: 'connections', y: 'value', filter: { handler: 'io' } }], y: { type: 'log' } },
      'test',
    );
    const html = renderChartSvg(filtered, {
      measured: [
        { handler: 'io', connections: 1, value: 10, valueLo: 9, valueHi: 11 },
        { handler: 'cpu', connections: 1, value: 1000, valueLo: 900, valueHi: 1100 },
      ],
      essay: [],
    });
    expect(html.match(/<circle/g)).toHaveLength(1);
    expect(html.match(/<line/g)?.length ?? 0).toBeLessThan(10);
    expect(html).not.toContain('>1,000<');
  });

  it('tells series apart by a field made of several, shown by each part’s label or the whole one’s', () => {
    expect(withFields([{ runtime: 'node20', deployment: 'sync' }], { series: ['runtime', 'deployment'] })).toEqual([
      { runtime: 'node20', deployment: 'sync', series: 'node20 · sync' },
    ]);
    const label = labeller({ node20: 'Node 20', sync: 'sync workers', 'cpython · async': 'aiohttp' });
    expect(label('node20 · sync')).toBe('Node 20 · sync workers');
    expect(label('cpython · async')).toBe('aiohttp');
    const made = parseChartSpec(
      {
        marks: [{ mark: 'line', x: 'c', y: 'rps', stroke: 'series' }],
        fields: { series: ['runtime', 'deployment'] },
        labels: { node20: 'Node 20', cpython: 'CPython' },
      },
      'test',
    );
    const html = renderChartSvg(made, {
      measured: [
        { runtime: 'node20', deployment: 'sync', c: 1, rps: 1 },
        { runtime: 'node20', deployment: 'sync', c: 2, rps: 2 },
        { runtime: 'cpython', deployment: 'sync', c: 1, rps: 3 },
        { runtime: 'cpython', deployment: 'sync', c: 2, rps: 1 },
      ],
      essay: [],
    });
    expect(html.match(/<path[^>]*stroke="#/g)).toHaveLength(2); // one line per series, each its colour
    expect(html).toContain('Node 20 · sync');
    expect(html).toContain('CPython · sync');
  });
});
