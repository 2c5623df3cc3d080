import { describe, expect, it } from 'vitest';
import { renderChartSvg } from './chart-svg.ts';
import { parseChartSpec, ESSAY, MEASURED } from './chart-spec.ts';

const spec = parseChartSpec(
  { marks: [{ mark: 'barX', x: 'ratio', y: 'variant', fill: 'source' }], x: { type: 'log', label: 'ratio' }, ariaLabel: 'ratios' },
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
    expect(html).toContain(MEASURED);
    expect(html).toContain(ESSAY);
    expect(html).toContain('aria-label="ratios"');
  });

  it('refuses a spec with an unknown mark, naming the field', () => {
    expect(() => parseChartSpec({ marks: [{ mark: 'pie' }] }, 'c/x')).toThrow(/invalid chart for c\/x: marks.0.mark/);
  });
});
