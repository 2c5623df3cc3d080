import { describe, expect, it } from 'vitest';
import { cpuSplit, PARTS, partRows } from './cpu-split.ts';

describe('cpuSplit', () => {
  it('splits wall time into user CPU, system CPU and waiting', () => {
    const s = cpuSplit(2, { user: 1_000_000, system: 500_000 });
    expect(s).toMatchObject({ userSeconds: 1, systemSeconds: 0.5, waitSeconds: 0.5, userShare: 0.5, systemShare: 0.25, waitShare: 0.25 });
  });

  it('caps CPU counted on other threads at the wall time, so nothing is negative', () => {
    const s = cpuSplit(1, { user: 900_000, system: 300_000 });
    expect(s.userSeconds).toBe(0.9);
    expect(s.systemSeconds).toBeCloseTo(0.1);
    expect(s.waitSeconds).toBeCloseTo(0);
    expect(s.waitSeconds).toBeGreaterThanOrEqual(0);
  });
});

describe('partRows', () => {
  it('makes one row per part with share, seconds and their intervals', () => {
    const summary = {
      driver: 'd',
      userShare: 0.5,
      userShareLo: 0.4,
      userShareHi: 0.6,
      userSeconds: 1,
      userSecondsLo: 0.9,
      userSecondsHi: 1.1,
      wallSeconds: 2,
      wallSecondsLo: 1.9,
      wallSecondsHi: 2.1,
      trials: 5,
    };
    const rows = partRows(summary, { driver: 'd' });
    expect(rows.map((r) => r.part)).toEqual([...PARTS]);
    expect(rows[0]).toEqual({
      driver: 'd',
      part: 'user',
      share: 0.5,
      shareLo: 0.4,
      shareHi: 0.6,
      seconds: 1,
      secondsLo: 0.9,
      secondsHi: 1.1,
      wallSeconds: 2,
      wallSecondsLo: 1.9,
      wallSecondsHi: 2.1,
      trials: 5,
    });
    expect(rows[1]!.share).toBeNull(); // no system measures in this summary
  });
});
