import { describe, expect, it } from 'vitest';
import { againstBaseline, hogOffsets, latencySummary } from './hog-stats.ts';

describe('hogOffsets', () => {
  it('puts one hog in the middle of each whole slot of the window', () => {
    expect(hogOffsets(1000, 250)).toEqual([125, 375, 625, 875]);
    expect(hogOffsets(750, 250)).toEqual([125, 375, 625]);
  });
  it('leaves out a slot the window does not hold whole', () => {
    expect(hogOffsets(900, 250)).toEqual([125, 375, 625]);
    expect(hogOffsets(100, 250)).toEqual([]);
  });
});

describe('latencySummary', () => {
  // 98 requests at 5 ms and two stalled ones at 50 ms: the 99th percentile is a stalled one.
  const latencies = [...Array.from({ length: 98 }, () => 5), 50, 50];

  it('counts, rates and takes nearest-rank percentiles and the mean', () => {
    const s = latencySummary(latencies, 0.5);
    expect(s.requests).toBe(100);
    expect(s.requestsPerSec).toBe(200);
    expect(s.p50Ms).toBe(5);
    expect(s.p99Ms).toBe(50);
    expect(s.meanMs).toBeCloseTo(5.9, 10);
  });
  it('does not reorder its input', () => {
    const input = [3, 1, 2];
    latencySummary(input, 1);
    expect(input).toEqual([3, 1, 2]);
  });
  it('gives NaN latencies and no rate for an empty window', () => {
    const s = latencySummary([], 0);
    expect(s.requests).toBe(0);
    expect(s.requestsPerSec).toBe(0);
    expect(s.p99Ms).toBeNaN();
    expect(s.meanMs).toBeNaN();
  });
});

describe('againstBaseline', () => {
  it('divides the p99 and the rate by the baseline’s', () => {
    const base = latencySummary(
      Array.from({ length: 100 }, () => 5),
      0.5,
    );
    const hogged = latencySummary([...Array.from({ length: 78 }, () => 5), 50, 50], 0.5);
    expect(againstBaseline(hogged, base)).toEqual({ p99Growth: 10, rateKept: 0.8 });
    expect(againstBaseline(base, base)).toEqual({ p99Growth: 1, rateKept: 1 });
  });
});
