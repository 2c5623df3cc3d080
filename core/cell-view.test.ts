import { describe, expect, it } from 'vitest';
import { cellView, formatValue, tableLabel, toTable } from './cell-view.ts';
import type { ResultsFile } from './protocol.ts';
import { resultsFile } from '../tests/helpers/results-file.ts';

const results: ResultsFile = resultsFile({
  params: { cpuTimeMs: 1000, sizes: [1, 2] },
  rows: [
    { variant: 'plain', ns: 0.31234 },
    { variant: 'gen', ns: 42.81, extra: true },
  ],
  reference: [{ variant: 'gen', ns: 1252.7 }],
  durationMs: 10,
  provenance: { ...resultsFile().provenance, cpu: 'Xeon', memoryBytes: 24 * 2 ** 30, date: '2026-11-21T10:00:00.000Z', commit: 'abc123' },
});

describe('cell view', () => {
  it('shows a measure’s interval in its own cell, not as two more columns', () => {
    const t = toTable([
      { server: 'a', rps: 12345, rpsLo: 11900, rpsHi: 12800, trials: 5 },
      { server: 'b', rps: 7, rpsLo: 7, rpsHi: 7, trials: 1 },
    ]);
    expect(t.columns).toEqual(['server', 'rps', 'trials']);
    expect(t.rows[0]).toEqual(['a', '12,345 (11,900–12,800)', '5']);
    expect(t.rows[1]).toEqual(['b', '7', '1']);
  });

  it("shows text values (the rows' keys) by their display words, numbers as numbers", () => {
    const label = tableLabel({ 'raw-net': 'raw net callbacks', 'node-{}': 'here, Node {}' });
    const t = toTable(
      [
        { server: 'raw-net', run: 'node-20.1', rps: 12345, rpsLo: 11900, rpsHi: 12800 },
        { server: 'other', run: 'x', rps: 7, rpsLo: 7, rpsHi: 7 },
      ],
      label,
    );
    expect(t.rows).toEqual([
      ['raw net callbacks', 'here, Node 20.1', '12,345 (11,900–12,800)'],
      ['other', 'x', '7'],
    ]);
    expect(tableLabel(undefined)('raw-net')).toBe('raw-net');
  });

  it("tables a cell's rows and the essay's with the chart's words in the page's language", () => {
    const v = cellView({ id: 'ch/c', status: { state: 'measured', results }, lang: 'zh-cn', labels: { gen: '生成器' } });
    expect(v.table?.rows.map((r) => r[0])).toEqual(['plain', '生成器']);
    expect(v.essayTable?.rows[0]?.[0]).toBe('生成器');
  });

  it('formats numbers for reading', () => {
    expect(formatValue(0.31234)).toBe('0.312');
    expect(formatValue(1252.7)).toBe('1,253');
    expect(formatValue(7)).toBe('7');
    expect(formatValue(null)).toBe('');
  });

  it('tables rows with the union of their columns', () => {
    expect(toTable(results.rows)).toEqual({
      columns: ['variant', 'ns', 'extra'],
      rows: [
        ['plain', '0.312', ''],
        ['gen', '42.8', 'true'],
      ],
    });
  });

  it('says how to measure an unmeasured cell', () => {
    const v = cellView({ id: 'ch/c', status: { state: 'unmeasured' } });
    expect(v.notice?.kind).toBe('unmeasured');
    expect(v.command).toBe('npm run bench -- ch/c');
    expect(v.table).toBeUndefined();
  });

  it('shows measured results with provenance, and marks stale ones', () => {
    const v = cellView({ id: 'ch/c', status: { state: 'stale', results } });
    expect(v.state).toBe('stale');
    expect(v.rowsShown).toBe(2);
    expect(v.essayTable?.rows).toEqual([['gen', '1,253']]);
    expect(v.provenance).toBe('Node 20.20.2 · Xeon · 2 cores · 24 GB · 2026-11-21 · commit abc123 · full preset · stale');
    expect(v.jsonPath).toBe('results/ch/c.json');
    expect(v.csvPath).toBe('results/ch/c.csv');
    expect(v.hasEssay).toBe(true);
    expect(v.params).toBe('cpuTimeMs 1000 · sizes 1, 2');
  });

  it('says a fresh result is up to date', () => {
    expect(cellView({ id: 'ch/c', status: { state: 'measured', results } }).provenance).toMatch(/ · up to date$/);
  });

  it('speaks Chinese on Chinese pages', () => {
    const v = cellView({ id: 'ch/c', status: { state: 'measured', results }, lang: 'zh-cn' });
    expect(v.provenance).toBe('Node 20.20.2 · Xeon · 2 核 · 24 GB · 2026-11-21 · 提交 abc123 · full 预设 · 最新');
    expect(cellView({ id: 'ch/c', status: { state: 'unmeasured' }, lang: 'zh-cn' }).notice?.text).toBe('尚未测量。');
  });
});

describe('cell view status', () => {
  it('takes its state, notice and freshness from one status, so stale never sits beside "up to date"', () => {
    const stale = cellView({ id: 'ch/c', status: { state: 'stale', results } });
    expect(stale.notice?.kind).toBe('stale');
    expect(stale.freshness).toBe('stale');
    expect(`${stale.provenanceFacts} · ${stale.freshness}`).toBe(stale.provenance);
    expect(stale.provenance).not.toMatch(/up to date/);
    const fresh = cellView({ id: 'ch/c', status: { state: 'measured', results } });
    expect(fresh.notice).toBeUndefined();
    expect(fresh.freshness).toBe('up to date');
    expect(fresh.preset).toBe('full');
  });
});
