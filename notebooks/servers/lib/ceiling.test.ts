import { describe, expect, it } from 'vitest';
import { againstCeiling, shapeCeiling, total } from './ceiling.ts';

const CEILING = 'ceiling';
// Two shapes, three trials: in `ka` the server is far below the ceiling, in `close` within 10 %.
const trials = [
  ...[20_000, 21_000, 19_000].map((r, trial) => ({ server: CEILING, shape: 'close', trial, requestsPerSec: r, errors: 0 })),
  ...[19_000, 20_000, 18_500].map((r, trial) => ({ server: 'raw', shape: 'close', trial, requestsPerSec: r, errors: trial })),
  ...[100_000, 110_000, 90_000].map((r, trial) => ({ server: CEILING, shape: 'ka', trial, requestsPerSec: r, errors: 0 })),
  ...[50_000, 55_000, 45_000].map((r, trial) => ({ server: 'raw', shape: 'ka', trial, requestsPerSec: r, errors: 0 })),
];
const rows = [
  { server: CEILING, shape: 'close', requestsPerSec: 20_000 },
  { server: 'raw', shape: 'close', requestsPerSec: 19_000 },
  { server: CEILING, shape: 'ka', requestsPerSec: 100_000 },
  { server: 'raw', shape: 'ka', requestsPerSec: 50_000 },
];

describe('againstCeiling', () => {
  it('flags a server within 10 % of its own shape’s ceiling, by medians', () => {
    expect(againstCeiling(rows[1]!, rows, trials, CEILING).generatorLimited).toBe(true);
    expect(againstCeiling(rows[3]!, rows, trials, CEILING).generatorLimited).toBe(false);
  });
  it('estimates the fraction of the ceiling over trial pairs, with an interval around it', () => {
    const r = againstCeiling(rows[3]!, rows, trials, CEILING);
    expect(r.ofCeiling).toBeCloseTo(0.5);
    expect(r.ofCeilingLo).toBeLessThanOrEqual(r.ofCeiling);
    expect(r.ofCeilingHi).toBeGreaterThanOrEqual(r.ofCeiling);
  });
  it('counts the ceiling itself as generator-limited, at 1', () => {
    expect(againstCeiling(rows[0]!, rows, trials, CEILING)).toEqual({
      ofCeiling: 1,
      ofCeilingLo: 1,
      ofCeilingHi: 1,
      generatorLimited: true,
    });
  });
});

describe('shapeCeiling', () => {
  it('takes the responder’s median when nothing outruns it', () => {
    const r = shapeCeiling(
      [
        { server: CEILING, requestsPerSec: 10_000 },
        { server: 'a', requestsPerSec: 9_500 },
        { server: 'b', requestsPerSec: 5_000 },
      ],
      CEILING,
    );
    expect(r).toEqual({ ceiling: 10_000, setBy: CEILING, limited: [true, true, false] });
  });
  it('raises the ceiling to the fastest rate measured when a server outruns the responder', () => {
    const r = shapeCeiling(
      [
        { server: CEILING, requestsPerSec: 6_000 },
        { server: 'py-poll', requestsPerSec: 13_000 },
        { server: 'tornado', requestsPerSec: 4_000 },
        { server: 'fast', requestsPerSec: 12_000 },
      ],
      CEILING,
    );
    expect(r).toEqual({ ceiling: 13_000, setBy: 'py-poll', limited: [true, true, false, true] });
  });
  it('ignores rates that were not measured', () => {
    const r = shapeCeiling(
      [
        { server: CEILING, requestsPerSec: 6_000 },
        { server: 'x', requestsPerSec: Number.NaN },
      ],
      CEILING,
    );
    expect(r).toEqual({ ceiling: 6_000, setBy: CEILING, limited: [true, false] });
  });
});

describe('againstCeiling, when a server outruns the responder', () => {
  it('flags servers against the fastest rate in the shape, still estimating the fraction of the responder', () => {
    const t = [
      ...[10_000, 10_000].map((r, trial) => ({ server: CEILING, shape: 's', trial, requestsPerSec: r })),
      ...[20_000, 20_000].map((r, trial) => ({ server: 'fast', shape: 's', trial, requestsPerSec: r })),
      ...[11_000, 11_000].map((r, trial) => ({ server: 'mid', shape: 's', trial, requestsPerSec: r })),
    ];
    const rs = [
      { server: CEILING, shape: 's', requestsPerSec: 10_000 },
      { server: 'fast', shape: 's', requestsPerSec: 20_000 },
      { server: 'mid', shape: 's', requestsPerSec: 11_000 },
    ];
    expect(againstCeiling(rs[1]!, rs, t, CEILING)).toMatchObject({ ofCeiling: 2, generatorLimited: true });
    expect(againstCeiling(rs[2]!, rs, t, CEILING)).toMatchObject({ generatorLimited: false });
  });
});

describe('total', () => {
  it('sums a measure over the matching trials', () => {
    expect(total(trials, { server: 'raw', shape: 'close' }, 'errors')).toBe(3);
    expect(total(trials, { server: 'none' }, 'errors')).toBe(0);
  });
});
