import { describe, expect, it } from 'vitest';
import { formatDuration, progressLine, regenerationEstimate, table } from './report.ts';

describe('report', () => {
  it('formats durations at three scales', () => {
    expect(formatDuration(950)).toBe('950 ms');
    expect(formatDuration(12_340)).toBe('12.3 s');
    expect(formatDuration(245_000)).toBe('4 min 05 s');
  });

  it('aligns a table to its widest cells', () => {
    expect(table(['a', 'bb'], [['xxx', 'y']])).toBe('a    bb\n---  --\nxxx  y');
  });

  it('shows a bar, counts and the estimate', () => {
    const line = progressLine(
      { index: 0, count: 2, cellLabel: 'c/x', done: 1, total: 2, label: 'p', rows: 3, elapsedMs: 1500, etaMs: 2000 },
      4,
    );
    expect(line).toBe('[1/2] c/x · ██░░ 1/2 p · 3 rows · 1.5 s · ~2.0 s left');
  });
});

describe('regenerationEstimate', () => {
  it('adds each stored run, the stale ones apart, and counts the unmeasured without a guess', () => {
    const text = regenerationEstimate([
      { stale: false, durationMs: 60_000 },
      { stale: true, durationMs: 30_000 },
      { stale: true, durationMs: 15_000 },
      { stale: true },
    ]);
    expect(text).toBe(
      "Measuring the 3 listed with results took 1 min 45 s (each results file's own run); the 2 stale: about 45.0 s; 1 never measured, not counted.",
    );
    expect(regenerationEstimate([{ stale: false, durationMs: 2_000 }])).toBe(
      "Measuring the 1 listed with results took 2.0 s (each results file's own run).",
    );
  });
});
