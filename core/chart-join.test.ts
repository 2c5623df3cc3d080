import { describe, expect, it } from 'vitest';
import {
  essayLabel,
  joinChartData,
  joinedSpec,
  liveChartData,
  runtimeKey,
  runtimeLabels,
  tableRows,
  type RuntimeResults,
} from './chart-join.ts';
import type { RowData } from './protocol.ts';
import { parseChartSpec } from './chart-spec.ts';
import { renderChartSvg } from './chart-svg.ts';

const file = (
  cell: string,
  runtime: RuntimeResults['runtime'],
  rows: RuntimeResults['rows'],
  extra: Partial<RuntimeResults> = {},
): RuntimeResults => ({
  cell,
  runtime,
  rows,
  trials: [],
  reference: [],
  ...extra,
});

const essay: RowData[] = [
  { variant: 'plain', nsPerCall: 211, runtime: 'essay-cpython-3.4' },
  { variant: 'yield-from', nsPerCall: 1252 },
];

describe('joining results', () => {
  it('reads display phrases as runtime ids and keeps every other value', () => {
    expect(runtimeKey('CPython 3.11.2', 'cpython')).toBe('cpython');
    expect(runtimeKey('Node 20.20.2', 'node20')).toBe('node20');
    expect(runtimeKey('Node 26.3.0', 'bun')).toBe('bun'); // Bun names the Node it imitates
    expect(runtimeKey('Node 24.1.0', 'deno')).toBe('deno');
    expect(runtimeKey('bun', 'node20')).toBe('bun');
    expect(runtimeKey(undefined, 'deno')).toBe('deno');
    expect(runtimeKey('essay-cpython-3.4', 'cpython')).toBe('essay-cpython-3.4');
    expect(runtimeKey('pypy-ish', 'cpython')).toBe('pypy-ish');
  });

  it("tags each cell's rows on each runtime, and draws each essay figure once", () => {
    const data = joinChartData([
      file('g/calls', 'node20', [{ variant: 'plain', ratio: 1, runtime: 'Node 20.20.2' }], {
        reference: essay,
        trials: [{ variant: 'plain', ratio: 1 }],
      }),
      file('g/calls', 'bun', [{ variant: 'plain', ratio: 1 }], { reference: essay }),
      file('g/yield-from', 'cpython', [{ variant: 'yield-from', ratio: 6.8, runtime: 'CPython 3.11.2' }], { reference: essay }),
    ]);
    expect(data.measured).toEqual([
      { variant: 'plain', ratio: 1, runtime: 'node20', cell: 'g/calls' },
      { variant: 'plain', ratio: 1, runtime: 'bun', cell: 'g/calls' },
      { variant: 'yield-from', ratio: 6.8, runtime: 'cpython', cell: 'g/yield-from' },
    ]);
    expect(data.trials).toEqual([{ variant: 'plain', ratio: 1, runtime: 'node20', cell: 'g/calls' }]);
    expect(data.essay).toEqual([
      { ...essay[0], cell: 'g/calls' },
      { ...essay[1], runtime: 'essay', cell: 'g/calls' },
    ]);
  });

  it('names runtimes with their version and the essay by its author, under the spec’s own words', () => {
    const files = [
      file('g/a', 'cpython', [], { provenance: { runtime: 'cpython', runtimeVersion: '3.11.2' } }),
      file('g/a', 'node20', [], { provenance: { runtime: 'node', runtimeVersion: '20.20.2' } }),
      file('g/a', 'bun', [], { provenance: { runtime: 'bun', runtimeVersion: '1.2.19' } }),
    ];
    const labels = runtimeLabels(files, 'generator-overhead', 'en');
    expect(labels).toMatchObject({
      cpython: 'CPython 3.11',
      node20: 'Node 20',
      bun: 'Bun 1.2',
      deno: 'Deno',
      essay: 'essay (Bayer, 2015)',
    });
    expect(essayLabel('threads-vs-async', 'zh-cn')).toBe('原文（董伟明，2016）');
    const spec = parseChartSpec(
      { marks: [{ mark: 'dot', x: 'ratio', y: 'variant', fill: 'runtime' }], labels: { cpython: 'Python' } },
      't',
    );
    const out = joinedSpec(spec, { measured: [], essay: [] }, labels);
    expect(out.labels).toMatchObject({ cpython: 'Python', node20: 'Node 20' });
    expect(out.marks).toEqual(spec.marks);
    // Coloured by runtime alone: the legend in the runtime table's order, the essay last.
    const data = joinChartData([
      file('g/a', 'cpython', [{ variant: 'x' }]),
      file('g/a', 'node20', [{ variant: 'x' }], { reference: essay }),
    ]);
    expect(joinedSpec(spec, data, labels).color?.domain).toEqual(['node20', 'cpython', 'essay-cpython-3.4', 'essay']);
  });

  it('gives each runtime its own facet when no mark tells runtimes apart', () => {
    const spec = parseChartSpec({ marks: [{ mark: 'barX', x: 'rps', y: 'server', fill: 'server' }], height: 100 }, 't');
    const data = joinChartData([file('s/h', 'node20', [{ server: 'a', rps: 1 }]), file('s/h', 'bun', [{ server: 'a', rps: 2 }])]);
    const out = joinedSpec(spec, data, {});
    expect(out.marks[0].fy).toBe('runtime');
    expect(out.height).toBe(200);
    // One runtime: the chart is the spec's.
    const one = joinedSpec(spec, joinChartData([file('s/h', 'node20', [{ server: 'a', rps: 1 }])]), {});
    expect(one.marks[0].fy).toBeUndefined();
    expect(one.height).toBe(100);
  });

  it('lists runtime and cell in the table only when they tell rows apart', () => {
    const one = joinChartData([file('g/a', 'node20', [{ v: 'x', n: 1 }])]).measured;
    expect(tableRows(one)).toEqual([{ v: 'x', n: 1 }]);
    const two = joinChartData([file('g/a', 'node20', [{ v: 'x', n: 1 }]), file('g/a', 'bun', [{ v: 'x', n: 2 }])]).measured;
    expect(tableRows(two)).toEqual([
      { v: 'x', n: 1, runtime: 'node20' },
      { v: 'x', n: 2, runtime: 'bun' },
    ]);
  });

  it('a live run replaces only its own cell and runtime, and keeps the rest', () => {
    const stored = joinChartData([
      file('g/calls', 'node20', [{ variant: 'plain', ratio: 1 }], { reference: essay, trials: [{ variant: 'plain', ratio: 1 }] }),
      file('g/calls', 'bun', [{ variant: 'plain', ratio: 2 }]),
      file('g/yield-from', 'cpython', [{ variant: 'yield-from', ratio: 6.8 }]),
    ]);
    const live = liveChartData(
      stored,
      { measured: [{ variant: 'plain', ratio: 1.5 }], trials: [], essay: [essay[0]] },
      { cell: 'g/calls', runtime: 'node20' },
    );
    expect(live.measured).toEqual([
      { variant: 'plain', ratio: 1.5, runtime: 'node20', cell: 'g/calls' },
      { variant: 'plain', ratio: 2, runtime: 'bun', cell: 'g/calls' },
      { variant: 'yield-from', ratio: 6.8, runtime: 'cpython', cell: 'g/yield-from' },
    ]);
    expect(live.trials).toEqual([]);
    expect(live.essay).toEqual(stored.essay);
    // A run of the Python cell on CPython, whose rows still say "CPython 3.11.2".
    const py = liveChartData(
      stored,
      { measured: [{ variant: 'plain', ratio: 1, runtime: 'CPython 3.11.2' }], essay: [] },
      { cell: 'g/yield-from', runtime: 'cpython' },
    );
    expect(py.measured.filter((r) => r.runtime === 'cpython')).toEqual([
      { variant: 'plain', ratio: 1, runtime: 'cpython', cell: 'g/yield-from' },
    ]);
    expect(py.measured).toHaveLength(3);
  });

  it("a live run also replaces its cell's rows that name their own runtime key (keakon's Node rows)", () => {
    const stored = joinChartData([
      file('s/keakon', 'cpython', [
        { server: 'poll', rps: 10, runtime: 'cpython' },
        { server: 'raw-net', rps: 5, runtime: 'node' },
      ]),
      file('s/hello', 'node20', [{ server: 'raw-net', rps: 6 }]),
    ]);
    const live = liveChartData(
      stored,
      { measured: [{ server: 'raw-net', rps: 7, runtime: 'node' }], essay: [] },
      { cell: 's/keakon', runtime: 'cpython' },
    );
    expect(live.measured).toEqual([
      { server: 'raw-net', rps: 7, runtime: 'node', cell: 's/keakon' },
      { server: 'raw-net', rps: 6, runtime: 'node20', cell: 's/hello' },
    ]);
  });

  it('the build and the live page draw the same chart from the same data', () => {
    const spec = parseChartSpec({ marks: [{ mark: 'dot', x: 'ratio', y: 'variant', fill: 'runtime' }] }, 't');
    const files = [
      file('g/calls', 'node20', [{ variant: 'plain', ratio: 1 }], { reference: essay }),
      file('g/yield-from', 'cpython', [{ variant: 'yield-from', ratio: 6.8, runtime: 'CPython 3.11.2' }]),
    ];
    const stored = joinChartData(files);
    const drawn = joinedSpec(spec, stored, runtimeLabels(files, 'generator-overhead', 'en'));
    const build = renderChartSvg(drawn, stored);
    // The live page starts a run of g/calls on Node 20 that streams the same rows back.
    const live = liveChartData(stored, { measured: [{ variant: 'plain', ratio: 1 }], essay: [] }, { cell: 'g/calls', runtime: 'node20' });
    expect(renderChartSvg(drawn, live)).toBe(build);
    expect(build).toContain('CPython');
    expect(build).toContain('Node 20');
  });
});
