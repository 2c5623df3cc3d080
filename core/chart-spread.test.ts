import { describe, expect, it } from 'vitest';
import { baselineOf, spreadMachines, spreadRows } from './chart-spread.ts';
import type { RuntimeResults } from './chart-join.ts';
import { parseChartSpec } from './chart-spec.ts';
import { renderChartSvg } from './chart-svg.ts';

const file = (runtime: RuntimeResults['runtime'], preset: string, rows: RuntimeResults['rows']): RuntimeResults => ({
  cell: 'g/calls',
  runtime,
  rows,
  trials: [],
  reference: [],
  preset,
});
const spread = { baseline: { variant: 'plain' }, measure: 'ns' };
const ours = [
  file('node20', 'full', [
    { variant: 'plain', ns: 2 },
    { variant: 'gen', ns: 20, nsLo: 18, nsHi: 22 },
  ]),
];

describe("other machines' spread", () => {
  it("draws each machine's ratio to its own baseline on the reference machine's scale", () => {
    // Twice as slow at everything: its ratio is ours, so its dot sits on ours.
    const slow = {
      machine: 'slow-aaaa',
      files: [
        file('node20', 'full', [
          { variant: 'plain', ns: 4 },
          { variant: 'gen', ns: 40, nsLo: 30, nsHi: 50 },
        ]),
      ],
    };
    // Generators relatively cheaper there: 5x its plain call.
    const other = {
      machine: 'other-bbbb',
      files: [
        file('node20', 'full', [
          { variant: 'plain', ns: 1 },
          { variant: 'gen', ns: 5 },
        ]),
      ],
    };
    const rows = spreadRows(spread, ours, [slow, other]);
    expect(rows).toEqual([
      { variant: 'plain', ns: 2, runtime: 'node20', cell: 'g/calls', machine: 'slow-aaaa' },
      { variant: 'gen', ns: 20, runtime: 'node20', cell: 'g/calls', machine: 'slow-aaaa' },
      { variant: 'plain', ns: 2, runtime: 'node20', cell: 'g/calls', machine: 'other-bbbb' },
      { variant: 'gen', ns: 10, runtime: 'node20', cell: 'g/calls', machine: 'other-bbbb' },
    ]);
    expect(spreadMachines(rows)).toEqual(['slow-aaaa', 'other-bbbb']);
  });

  it('compares like with like only: same runtime and preset, and a baseline on both machines', () => {
    const quick = { machine: 'q-aaaa', files: [file('node20', 'quick', [{ variant: 'plain', ns: 1 }])] };
    const bun = { machine: 'b-aaaa', files: [file('bun', 'full', [{ variant: 'plain', ns: 1 }])] };
    const noBase = { machine: 'n-aaaa', files: [file('node20', 'full', [{ variant: 'gen', ns: 1 }])] };
    expect(spreadRows(spread, ours, [quick, bun, noBase])).toEqual([]);
  });

  it('picks the baseline that shares the row’s other keys', () => {
    const rows = [
      { variant: 'plain', size: 'a', ns: 1 },
      { variant: 'plain', size: 'b', ns: 2 },
    ];
    expect(baselineOf(rows, { variant: 'gen', size: 'b', ns: 9 }, spread.baseline)).toBe(rows[1]);
  });

  it('draws each machine as its own faint mark, and nothing without machines', () => {
    const spec = parseChartSpec({ marks: [{ mark: 'dot', x: 'ns', y: 'variant' }], spread }, 't');
    const data = { measured: ours[0].rows, essay: [] };
    const machines = spreadRows(spread, ours, [
      {
        machine: 'm-aaaa',
        files: [
          file('node20', 'full', [
            { variant: 'plain', ns: 1 },
            { variant: 'gen', ns: 3 },
          ]),
        ],
      },
    ]);
    const svg = renderChartSvg(spec, { ...data, machines });
    expect(svg).toContain('class="am-machine-0"');
    expect(renderChartSvg(spec, data)).not.toContain('am-machine');
  });
});
