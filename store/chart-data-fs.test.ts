import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseChartSpec } from '../core/chart-spec.ts';
import { cellChart, readCellRuntimes } from './chart-data-fs.ts';
import { saveResults } from './results-fs.ts';
import { resultsFile } from '../tests/helpers/results-file.ts';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'am-chart-data-'));
  mkdirSync(join(root, 'notebooks/g'), { recursive: true });
  writeFileSync(join(root, 'notebooks/g/calls.ts'), '');
  writeFileSync(join(root, 'notebooks/g/yield-from.py'), '');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const cpython = { ...resultsFile().provenance, runtime: 'cpython', runtimeVersion: '3.11.2' };
const bun = { ...resultsFile().provenance, runtime: 'bun', runtimeVersion: '1.2.19' };
const essay = [{ variant: 'yield-from', ratio: 5.9, runtime: 'essay-cpython-3.4' }];

function fixtures(): void {
  saveResults(root, resultsFile({ cell: 'g/calls', rows: [{ variant: 'plain', ratio: 1, runtime: 'Node 20.20.2' }], reference: essay }));
  saveResults(root, resultsFile({ cell: 'g/calls', rows: [{ variant: 'plain', ratio: 1 }], provenance: bun }), 'bun');
  // A Python cell's reference file is CPython's.
  saveResults(
    root,
    resultsFile({
      cell: 'g/yield-from',
      rows: [{ variant: 'yield-from', ratio: 6.8, runtime: 'CPython 3.11.2' }],
      reference: essay,
      provenance: cpython,
    }),
  );
}

describe("a chart's data on disk", () => {
  it("reads a cell's results on every runtime, the reference file as its provenance says", () => {
    fixtures();
    expect(readCellRuntimes(root, 'g/calls').map((f) => f.runtime)).toEqual(['node20', 'bun']);
    expect(readCellRuntimes(root, 'g/yield-from').map((f) => f.runtime)).toEqual(['cpython']);
    expect(readCellRuntimes(root, 'g/none')).toEqual([]);
  });

  it('joins the cells a spec names, with words for each runtime', () => {
    fixtures();
    const spec = parseChartSpec({ marks: [{ mark: 'dot', x: 'ratio', y: 'variant', fill: 'runtime' }], join: ['g/yield-from'] }, 't');
    const { data, spec: drawn } = cellChart(root, 'g/calls', spec, 'en');
    expect(data.measured).toEqual([
      { variant: 'plain', ratio: 1, runtime: 'node20', cell: 'g/calls' },
      { variant: 'plain', ratio: 1, runtime: 'bun', cell: 'g/calls' },
      { variant: 'yield-from', ratio: 6.8, runtime: 'cpython', cell: 'g/yield-from' },
    ]);
    expect(data.essay).toEqual([{ ...essay[0], cell: 'g/calls' }]);
    expect(drawn.labels).toMatchObject({ node20: 'Node 20', bun: 'Bun 1.2', cpython: 'CPython 3.11', essay: 'essay' });
    // Without a join, the cell's own runtimes only.
    const alone = cellChart(root, 'g/calls', parseChartSpec({ ...spec, join: undefined }, 't'), 'zh-cn');
    expect(alone.data.measured.map((r) => r.runtime)).toEqual(['node20', 'bun']);
    expect(alone.spec.labels?.essay).toBe('原文');
  });

  it('refuses a join of a cell that does not exist, and a broken file only when strict', () => {
    fixtures();
    const bad = parseChartSpec({ marks: [{ mark: 'dot', x: 'ratio' }], join: ['g/nope'] }, 't');
    expect(() => cellChart(root, 'g/calls', bad, 'en')).toThrow(/g\/nope/);
    writeFileSync(join(root, 'public/results/g/calls/deno.json'), '{ torn');
    const spec = parseChartSpec({ marks: [{ mark: 'dot', x: 'ratio' }] }, 't');
    expect(cellChart(root, 'g/calls', spec, 'en').data.measured).toHaveLength(2);
    expect(() => cellChart(root, 'g/calls', spec, 'en', { strict: true })).toThrow(/deno\.json/);
  });
});
