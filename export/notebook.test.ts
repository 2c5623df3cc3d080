import { describe, expect, it } from 'vitest';
import { buildNotebook, makeIdFactory, serializeNotebook, toLines, type CodeCell, type ExportInput, type LoadedCell } from './notebook.ts';
import type { ResultsFile } from '../core/protocol.ts';
import { resultsFile } from '../tests/helpers/results-file.ts';

const results: ResultsFile = resultsFile({
  cell: 'demo/one',
  preset: 'quick',
  params: { n: 10 },
  rows: [
    { variant: 'a <b>', ms: 1.23456 },
    { variant: 'c', ms: 12345 },
  ],
  reference: [{ variant: 'essay', ms: 2 }],
  durationMs: 10,
  provenance: { ...resultsFile().provenance, cpu: 'Xeon', memoryBytes: 2 ** 33, date: '2026-11-21T10:00:00Z', commit: 'abc' },
  hash: { value: '0'.repeat(64), inputs: [] },
});

const cell = (id: string, status: LoadedCell['status'], svg?: string): LoadedCell => ({
  id,
  relFile: `notebooks/${id}.ts`,
  source: `// ${id}\nexport {};\n`,
  status,
  ...(svg ? { svg } : {}),
});

function input(cells: LoadedCell[]): ExportInput {
  return {
    slug: 'demo',
    lang: 'en',
    chapter: {
      title: 'Demo',
      description: 'It shows.',
      blocks: [
        { kind: 'markdown', markdown: 'Intro.' },
        ...cells.map((c) => ({ kind: 'cell' as const, id: c.id, chart: {}, caption: `About ${c.id}.` })),
        { kind: 'markdown', markdown: '## End' },
      ],
    },
    cells: new Map(cells.map((c) => [c.id, c])),
    links: { kind: 'site', site: 'https://e.org', base: '/am/' },
    commit: 'deadbeef',
  };
}

const SVG = '<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>';

describe('buildNotebook', () => {
  const nb = buildNotebook(
    input([
      cell('demo/one', { state: 'measured', results }, SVG),
      cell('demo/two', { state: 'unmeasured' }),
      cell('demo/three', { state: 'stale', results }, SVG),
    ]),
  );
  // The experiments' code cells (the setup cell, which connects to the runner, carries no cell).
  const code = nb.cells.filter((c): c is CodeCell => c.cell_type === 'code' && c.metadata.async_measured !== undefined);
  const text = (i: number) => nb.cells[i].source.join('');

  it("is nbformat 4.5 with Deno's kernel and the chapter in its metadata", () => {
    expect(nb.nbformat).toBe(4);
    expect(nb.nbformat_minor).toBe(5);
    expect(nb.metadata.kernelspec).toEqual({ name: 'deno', display_name: 'Deno', language: 'typescript' });
    expect(nb.metadata.language_info.name).toBe('typescript');
    expect(nb.metadata.async_measured).toEqual({
      chapter: 'demo',
      lang: 'en',
      source_url: 'https://e.org/am/chapters/demo/',
      commit: 'deadbeef',
      generator: 'npm run export',
    });
  });

  it('opens with the title and description, then follows the chapter in order', () => {
    expect(text(0)).toMatch(
      /^# Demo\n\nIt shows\.\n\n\*Exported from \[the chapter on the site\]\(https:\/\/e\.org\/am\/chapters\/demo\/\)/,
    );
    // Title, how to run it in Jupyter, the setup cell; then per experiment its source, its code cell, its note.
    const experiment = ['markdown', 'code', 'markdown'];
    expect(nb.cells.map((c) => c.cell_type)).toEqual([
      ...['markdown', 'markdown', 'code', 'markdown'],
      ...experiment,
      ...experiment,
      ...experiment,
      'markdown',
    ]);
    expect(code.map((c) => c.source.join(''))).toEqual([
      'await measure("demo/one");',
      'await measure("demo/two");',
      'await measure("demo/three");',
    ]);
  });

  it("shows each experiment's own source, verbatim, above the code cell that runs it", () => {
    expect(text(4)).toBe(
      '`notebooks/demo/one.ts` — the experiment as it is in the project; the code cell below runs this file.\n\n' +
        '```typescript\n// demo/one\nexport {};\n```',
    );
    expect(text(7)).toContain('```typescript\n// demo/two\nexport {};\n```');
  });

  it('connects to the runner in a setup cell that finds the checkout', () => {
    expect(text(1)).toContain('deno jupyter --install');
    const setup = text(2);
    expect(nb.cells[2].cell_type).toBe('code');
    expect(setup).toContain('Deno.env.get("ASYNC_MEASURED_ROOT") || Deno.cwd()');
    expect(setup).toContain('runners/jupyter/kernel.ts');
    expect(setup).toMatch(/const measure = await connect\(root, \{ preset: "quick", lang: "en" \}\);$/);
  });

  it('gives every cell a unique id nbformat accepts', () => {
    const ids = nb.cells.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-zA-Z0-9-_]{1,64}$/);
  });

  it('shows a measured cell as its chart (SVG) and its rows (HTML table with a text fallback)', () => {
    const [chart, rows] = code[0].outputs;
    expect(chart.data['image/svg+xml'].join('')).toBe(SVG);
    expect(chart.data['text/plain'].join('')).toBe('Chart of demo/one');
    const html = rows.data['text/html'].join('');
    expect(html).toContain('<th style="text-align:right">ms</th>');
    expect(html).toContain('<td>a &lt;b&gt;</td><td style="text-align:right">1.23</td>');
    expect(html).toContain('<td style="text-align:right">12,345</td>');
    expect(html).toContain("The essay's published figures, for comparison:");
    expect(rows.data['text/plain'].join('')).toMatch(/^Rows \(2\)\nvariant\s+ms\n/);
  });

  it("shows the rows' keys by the chart's display words, in the tables as in the chart", () => {
    const labelled = buildNotebook(
      input([{ ...cell('demo/one', { state: 'measured', results }, SVG), labels: { c: 'the c variant', 'essay {}': 'the essay {}' } }]),
    );
    const [, rows] = labelled.cells.filter((c): c is CodeCell => c.cell_type === 'code' && c.metadata.async_measured !== undefined)[0]!
      .outputs;
    const html = rows.data['text/html'].join('');
    expect(html).toContain('<td>the c variant</td>');
    expect(html).toContain('<td>a &lt;b&gt;</td>'); // a value without display words shows as it is
    expect(html).toContain('<td>essay</td>'); // "essay" is not "essay <number>"
    expect(rows.data['text/plain'].join('')).toContain('the c variant');
  });

  it('carries the run in the code cell metadata', () => {
    expect(code[0].metadata.async_measured).toEqual({
      cell: 'demo/one',
      file: 'notebooks/demo/one.ts',
      state: 'measured',
      stale: false,
      preset: 'quick',
      params: { n: 10 },
      provenance: results.provenance,
      results: 'results/demo/one.json',
    });
    expect(code[2].metadata.async_measured).toMatchObject({ state: 'stale', stale: true });
  });

  it('puts the caption and provenance under a measured cell', () => {
    const note = text(6);
    expect(note).toMatch(
      /^\*About demo\/one\.\*\n\nMeasured with Node 20\.20\.2 · Xeon · 2 cores · 8 GB · 2026-11-21 · commit abc · quick preset/,
    );
    expect(note).toContain('[raw JSON](https://e.org/am/results/demo/one.json)');
    expect(note).toContain('Parameters: n 10');
  });

  it('leaves an unmeasured cell without outputs and says how to measure it', () => {
    expect(code[1].outputs).toEqual([]);
    expect(code[1].metadata.async_measured).toEqual({ cell: 'demo/two', file: 'notebooks/demo/two.ts', state: 'unmeasured', stale: false });
    expect(text(9)).toContain('**Not measured yet.** Measure it with `npm run bench -- demo/two`.');
  });

  it('marks stale results as stale in the note too', () => {
    expect(text(12)).toContain('**Stale:');
    expect(code[2].outputs).toHaveLength(2);
  });

  it("from a checkout without SITE_URL, links the chapter's source and the raw JSON relatively", () => {
    const local = buildNotebook({
      ...input([cell('demo/one', { state: 'measured', results }, SVG)]),
      links: { kind: 'checkout', root: '/src/am', notebook: '/src/am/demo.ipynb' },
    });
    expect(local.cells[0].source.join('')).toContain(
      "*Exported from [the chapter's source](content/docs/chapters/demo.mdx) in the project's checkout.*",
    );
    expect(local.metadata.async_measured.source_url).toBe('content/docs/chapters/demo.mdx');
    expect(local.cells.map((c) => c.source.join('')).join('\n')).toContain('[raw JSON](public/results/demo/one.json)');
  });

  it('refuses a <Cell> it has no data for', () => {
    const bad = input([]);
    bad.chapter.blocks.push({ kind: 'cell', id: 'demo/missing', chart: {} });
    expect(() => buildNotebook(bad)).toThrow(/demo\/missing/);
  });
});

describe('serializeNotebook', () => {
  it('gives the same bytes for the same inputs, with sorted keys and a final newline', () => {
    const a = serializeNotebook(buildNotebook(input([cell('demo/one', { state: 'measured', results }, SVG)])));
    const b = serializeNotebook(buildNotebook(input([cell('demo/one', { state: 'measured', results }, SVG)])));
    expect(a).toBe(b);
    expect(a.endsWith('}\n')).toBe(true);
    expect(Object.keys(JSON.parse(a))).toEqual(['cells', 'metadata', 'nbformat', 'nbformat_minor']);
    expect(a).toMatch(/^{\n "cells": \[\n {2}{\n {3}"cell_type"/);
  });
});

describe('toLines and ids', () => {
  it('splits text into lines that join back to it', () => {
    expect(toLines('a\nb\n')).toEqual(['a\n', 'b\n']);
    expect(toLines('a\n\nb')).toEqual(['a\n', '\n', 'b']);
    expect(toLines('')).toEqual([]);
  });
  it('makes ids unique and valid', () => {
    const next = makeIdFactory();
    expect([next('servers/hello'), next('servers/hello'), next('中文'), next('x'.repeat(80))]).toEqual([
      'servers-hello',
      'servers-hello-2',
      'cell',
      'x'.repeat(56),
    ]);
  });
});
