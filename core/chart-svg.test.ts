import { describe, expect, it } from 'vitest';
import { renderChartSvg } from './chart-svg.ts';
import { parseChartSpec } from './chart-spec.ts';
import { labeller, ESSAY_CLASS, PALETTE } from './chart-plot.ts';

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
});
