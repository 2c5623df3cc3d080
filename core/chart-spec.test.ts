import { describe, expect, it } from 'vitest';
import { localizeSpec, parseChartSpec, parseChartWords, type ChartSpecInput } from './chart-spec.ts';

const spec: ChartSpecInput = {
  marks: [
    { mark: 'ruleX', data: 'all', options: { x: 1 } },
    { mark: 'dot', x: 'ratio', y: 'variant', fill: 'runtime', options: { r: 5, sort: { y: 'x' } } },
  ],
  x: { type: 'log', label: 'times the cost of a plain call →', grid: true },
  y: { label: null },
  marginLeft: 150,
  height: 300,
  ariaLabel: 'Cost of six call styles',
};

describe('localizeSpec', () => {
  it('without words is the spec itself, parsed', () => {
    expect(localizeSpec(spec, undefined)).toEqual(parseChartSpec(spec, 'test'));
  });

  it('replaces the words and keeps everything else: marks, scales, sort, height', () => {
    const zh = localizeSpec(spec, {
      x: { label: '相当于普通调用开销的倍数 →' },
      ariaLabel: '六种调用方式的开销',
      labels: { 'plain call': '普通调用' },
    });
    expect(zh.x).toEqual({ type: 'log', label: '相当于普通调用开销的倍数 →', grid: true });
    expect(zh.ariaLabel).toBe('六种调用方式的开销');
    expect(zh.labels).toEqual({ 'plain call': '普通调用' });
    const { x, ariaLabel, labels, ...rest } = zh;
    const { x: x0, ariaLabel: a0, labels: l0, ...rest0 } = parseChartSpec(spec, 'test');
    expect(rest).toEqual(rest0);
    expect({ ...x, label: x0?.label }).toEqual(x0);
  });

  it('adds a language’s display names to the spec’s own, the language’s winning', () => {
    const zh = localizeSpec({ ...spec, labels: { a: 'A', b: 'B' } }, { labels: { b: '乙', c: '丙' } });
    expect(zh.labels).toEqual({ a: 'A', b: '乙', c: '丙' });
  });

  it('takes the margins that fit the language’s labels', () => {
    expect(localizeSpec(spec, { marginLeft: 120, marginRight: 40 })).toMatchObject({ marginLeft: 120, marginRight: 40 });
  });

  it('gives an axis a title where the spec leaves Plot’s default (the field’s name)', () => {
    expect(localizeSpec(spec, { fy: { label: '测量' } }).fy).toEqual({ label: '测量' });
  });

  it('lists fields in the schema’s order whatever the words add, so the rendered spec is the same text', () => {
    const { marginLeft, ...noMargin } = spec;
    expect(JSON.stringify(localizeSpec(noMargin, { marginLeft: 150 }))).toBe(JSON.stringify(parseChartSpec(spec, 'test')));
  });

  it('refuses anything but words and margins, naming the field', () => {
    const where = 'generator-overhead/calls in content/charts/zh-cn/generator-overhead.json';
    for (const words of [{ marks: [] }, { height: 200 }, { x: { label: 'x', type: 'linear' } }, { y: { domain: ['a'] } }, { sort: {} }])
      expect(() => localizeSpec(spec, words as never, where)).toThrow(/invalid chart words for generator-overhead\/calls in .*only words/);
    expect(() => parseChartWords({ x: { label: 'x', grid: false } }, 'c/x')).toThrow(/c\/x: x: Unrecognized key.*'grid'/);
    expect(() => parseChartWords({ marginLeft: -1 }, 'c/x')).toThrow(/c\/x: marginLeft/);
  });

  it('refuses a title for an axis the chart hides', () => {
    expect(() => localizeSpec(spec, { y: { label: '变体' } }, 'c/x')).toThrow(/c\/x: y.label: the chart shows no y title/);
  });

  it('refuses an invalid spec before looking at the words', () => {
    expect(() => localizeSpec({ marks: [] }, { ariaLabel: 'x' }, 'c/x')).toThrow(/invalid chart for c\/x: marks/);
  });

  it("takes a mark's row filter, fields made of several, and a spread of one or more measures, with or without a baseline", () => {
    const marks = [{ mark: 'line', x: 'c', y: 'value', stroke: 'series', filter: { handler: 'io', beyond: false, c: 1 } }];
    const ok = parseChartSpec(
      {
        marks,
        fields: { series: ['runtime', 'deployment'] },
        spread: { baseline: { deployment: 'sync' }, measure: ['value'], match: ['c'] },
      },
      'c/x',
    );
    expect(ok.marks[0].filter).toEqual({ handler: 'io', beyond: false, c: 1 });
    expect(parseChartSpec({ marks, spread: { measure: 'value' } }, 'c/x').spread).toEqual({ measure: 'value' });
    expect(() => parseChartSpec({ marks, fields: { series: ['runtime'] } }, 'c/x')).toThrow(/c\/x: fields.series/);
    expect(() => parseChartSpec({ marks, spread: { measure: [] } }, 'c/x')).toThrow(/c\/x: spread.measure/);
    expect(() => parseChartSpec({ marks: [{ ...marks[0], filter: { a: [1] } }] }, 'c/x')).toThrow(/c\/x: marks.0.filter.a/);
  });
});
