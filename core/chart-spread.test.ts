import { describe, expect, it } from 'vitest';
import { baselineOf, resolveSpread, spreadMachines, spreadRows } from './chart-spread.ts';
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
const declared = { baseline: { variant: 'plain' }, measure: 'ns' };
const spread = { baseline: declared.baseline, measures: ['ns'], match: [], place: [] };
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
    const spec = parseChartSpec({ marks: [{ mark: 'dot', x: 'ns', y: 'variant' }], spread: declared }, 't');
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

  const sweep = (machine: string, k: number, p99: number) => ({
    machine,
    files: [
      file('node20', 'full', [
        { deployment: 'sync', connections: 1, metric: 'p99', value: 1 * k },
        { deployment: 'sync', connections: 8, metric: 'p99', value: 4 * k },
        { deployment: 'async', connections: 1, metric: 'p99', value: 1 * k },
        { deployment: 'async', connections: 8, metric: 'p99', value: p99 * k },
      ]),
    ],
  });
  const sweepSpec = {
    marks: [
      { mark: 'line' as const, x: 'connections', y: 'value', stroke: 'deployment', fy: 'metric' },
      { mark: 'dot' as const, x: 'connections', y: 'value', fill: 'deployment', fy: 'metric' },
    ],
    spread: { baseline: { deployment: 'sync' }, measure: 'value' },
  };

  it('divides a sweep by the baseline at the same x and facet (numbers match too)', () => {
    const resolved = resolveSpread(parseChartSpec(sweepSpec, 't'))!;
    expect(resolved.match).toEqual(['connections', 'metric']);
    const rows = spreadRows(resolved, sweep('ours', 1, 2).files, [sweep('m-aaaa', 3, 1)]);
    // There, async at 8 is a quarter of sync at 8 (here, a half): a quarter of our sync at 8.
    expect(rows.map((r) => [r.deployment, r.connections, r.value])).toEqual([
      ['sync', 1, 1],
      ['sync', 8, 4],
      ['async', 1, 1],
      ['async', 8, 1],
    ]);
    expect(
      baselineOf(sweep('x', 1, 2).files[0].rows, { deployment: 'async', connections: 8 }, { deployment: 'sync' }, ['connections']),
    ).toEqual({
      deployment: 'sync',
      connections: 8,
      metric: 'p99',
      value: 4,
    });
  });

  it('takes several measures, each its own ratio, and leaves out a measure without a baseline', () => {
    const resolved = resolveSpread(
      parseChartSpec(
        {
          marks: [
            { mark: 'tickX', x: 'p50', y: 'kind', fy: 'deployment' },
            { mark: 'dot', x: 'p99', y: 'kind', fy: 'deployment' },
          ],
          spread: { baseline: { kind: 'none' }, measure: ['p50', 'p99'] },
        },
        't',
      ),
    )!;
    expect(resolved).toEqual({ baseline: { kind: 'none' }, measures: ['p50', 'p99'], match: ['deployment'], place: [] });
    const rows = (k: number): RuntimeResults['rows'] => [
      { deployment: 'sync', kind: 'none', p50: 1 * k, p99: 2 * k },
      { deployment: 'sync', kind: 'cpu', p50: 3 * k, p99: 8 * k, p99Lo: 1, p99Hi: 9 },
      { deployment: 'async', kind: 'none', p50: 10 * k },
      { deployment: 'async', kind: 'cpu', p50: 20 * k, p99: 40 * k },
    ];
    const out = spreadRows(resolved, [file('node20', 'full', rows(1))], [{ machine: 'm', files: [file('node20', 'full', rows(5))] }]);
    expect(out.map(({ runtime: _r, cell: _c, machine: _m, ...r }) => r)).toEqual([
      { deployment: 'sync', kind: 'none', p50: 1, p99: 2 },
      { deployment: 'sync', kind: 'cpu', p50: 3, p99: 8 },
      { deployment: 'async', kind: 'none', p50: 10 },
      { deployment: 'async', kind: 'cpu', p50: 20 },
    ]);
  });

  it('draws a measure that is already a ratio as each machine has it when the spread has no baseline', () => {
    const resolved = resolveSpread(
      parseChartSpec({ marks: [{ mark: 'barX', x: 'share', y: 'driver' }], spread: { measure: 'share' } }, 't'),
    )!;
    const out = spreadRows(
      resolved,
      [file('node20', 'full', [{ driver: 'pg', share: 0.5 }])],
      [
        { machine: 'm', files: [file('node20', 'full', [{ driver: 'pg', share: 0.25, shareLo: 0.2, shareHi: 0.3 }])] },
        { machine: 'q', files: [file('node20', 'quick', [{ driver: 'pg', share: 0.25 }])] },
      ],
    );
    expect(out).toEqual([{ driver: 'pg', share: 0.25, runtime: 'node20', cell: 'g/calls', machine: 'm' }]);
  });

  it("puts the faint marks on the measure's facets, once per place, and on a mark's filtered rows only", () => {
    const spec = parseChartSpec(
      {
        ...sweepSpec,
        marks: sweepSpec.marks.map((m) => ({ ...m, filter: { handler: 'io' } })),
      },
      't',
    );
    const ours = [
      { deployment: 'sync', handler: 'io', connections: 1, metric: 'p99', value: 1 },
      { deployment: 'sync', handler: 'cpu', connections: 1, metric: 'p99', value: 9 },
    ];
    const machines = ours.map((r) => ({ ...r, machine: 'm-aaaa' }));
    const svg = renderChartSvg(spec, { measured: ours, essay: [], machines });
    expect(svg.match(/class="am-machine-0"/g)).toHaveLength(1);
    expect(svg.match(/class="am-machine-0">(.*?)<\/g>/)?.[1].match(/<circle/g)).toHaveLength(1);
  });

  it("places a row matched on another field at the reference machine's x (the same share of each machine's capacity)", () => {
    const resolved = resolveSpread(
      parseChartSpec(
        {
          marks: [{ mark: 'dot', x: 'offeredRps', y: 'value', fill: 'deployment' }],
          spread: { baseline: { deployment: 'sync' }, measure: 'value', match: ['loadPct'] },
        },
        't',
      ),
    )!;
    expect(resolved.place).toEqual(['offeredRps']);
    const rows = (rps: number, k: number) => [
      { deployment: 'sync', loadPct: 50, offeredRps: rps, value: 2 * k },
      { deployment: 'async', loadPct: 50, offeredRps: rps, value: 3 * k },
    ];
    const out = spreadRows(
      resolved,
      [file('node20', 'full', rows(100, 1))],
      [{ machine: 'm', files: [file('node20', 'full', rows(40, 10))] }],
    );
    expect(out.map((r) => [r.deployment, r.offeredRps, r.value])).toEqual([
      ['sync', 100, 2],
      ['async', 100, 3],
    ]);
  });
});
