import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chartOf, chartsFile } from './charts-fs.ts';

let root: string;
beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'am-charts-'))));
afterEach(() => rmSync(root, { recursive: true, force: true }));

function write(rel: string, data: unknown) {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), typeof data === 'string' ? data : JSON.stringify(data));
}

const calls = {
  marks: [{ mark: 'dot', x: 'ratio', y: 'variant', fill: 'runtime' }],
  x: { type: 'log', label: 'times the cost of a plain call →' },
  y: { label: null },
  marginLeft: 150,
  ariaLabel: 'Cost of call styles',
};

describe('chartOf', () => {
  beforeEach(() => {
    write('content/charts/gen.json', { calls, other: { marks: [{ mark: 'dot', x: 'a' }] } });
    write('content/charts/zh-cn/gen.json', { calls: { x: { label: '倍数 →' }, labels: { 'plain call': '普通调用' }, marginLeft: 120 } });
  });

  it('finds a chapter’s charts and one language’s words beside them', () => {
    expect(chartsFile('gen')).toBe('content/charts/gen.json');
    expect(chartsFile('gen', 'zh-cn')).toBe('content/charts/zh-cn/gen.json');
  });

  it('gives the shared spec in English and the same spec with the words in another language', () => {
    const en = chartOf(root, 'gen/calls', 'en');
    const zh = chartOf(root, 'gen/calls', 'zh-cn');
    expect(en.x?.label).toBe('times the cost of a plain call →');
    expect(zh).toEqual({ ...en, x: { ...en.x, label: '倍数 →' }, labels: { 'plain call': '普通调用' }, marginLeft: 120 });
  });

  it('falls back to the shared words where a language has none for a chart', () => {
    expect(chartOf(root, 'gen/other', 'zh-cn')).toEqual(chartOf(root, 'gen/other', 'en'));
  });

  it('takes a chart given on the <Cell> when the cell has no shared one', () => {
    expect(chartOf(root, 'demo/rows', 'en', { inline: { marks: [{ mark: 'dot', x: 'i' }] } }).marks[0].x).toBe('i');
  });

  it('refuses a chart given twice, on the <Cell> and in the charts file', () => {
    expect(() => chartOf(root, 'gen/calls', 'en', { inline: calls, where: 'gen.mdx:12' })).toThrow(
      /<Cell id="gen\/calls"> \(gen\.mdx:12\) gives a chart, and content\/charts\/gen\.json has one for it too/,
    );
  });

  it('says where to add a chart that is missing', () => {
    expect(() => chartOf(root, 'gen/missing', 'en')).toThrow(
      /<Cell id="gen\/missing"> has no chart: content\/charts\/gen\.json has no "missing"/,
    );
    expect(() => chartOf(root, 'nochapter/x', 'en')).toThrow(/content\/charts\/nochapter\.json has no "x"/);
  });

  it('refuses words for a chart that does not exist, naming both files', () => {
    write('content/charts/zh-cn/gen.json', { calls: {}, renamed: { ariaLabel: '旧的' } });
    expect(() => chartOf(root, 'gen/calls', 'zh-cn')).toThrow(
      /content\/charts\/zh-cn\/gen\.json has words for "renamed", which content\/charts\/gen\.json has no chart for/,
    );
  });

  it('refuses anything but words in a language’s file, naming the cell and the files', () => {
    write('content/charts/zh-cn/gen.json', { calls: { height: 300 } });
    expect(() => chartOf(root, 'gen/calls', 'zh-cn')).toThrow(
      /invalid chart words for gen\/calls in content\/charts\/gen\.json with content\/charts\/zh-cn\/gen\.json: .*height.*only words/,
    );
  });

  it('names a broken charts file', () => {
    write('content/charts/gen.json', '{ "calls": ');
    expect(() => chartOf(root, 'gen/calls', 'en')).toThrow(/content\/charts\/gen\.json is not valid JSON/);
    write('content/charts/gen.json', { calls: { marks: [{ mark: 'pie' }] } });
    expect(() => chartOf(root, 'gen/calls', 'en')).toThrow(/invalid chart for gen\/calls in content\/charts\/gen\.json: marks\.0\.mark/);
  });
});
