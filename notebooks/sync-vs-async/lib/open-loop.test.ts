import { describe, expect, it } from 'vitest';
import { censoredPercentile, generatorLimited, type RequestRecord, summarizeOpenLoop } from './open-loop.ts';

/** A request due at `intended`, issued `lag` ms later, on the wire `queued` ms after that, answered `service` ms later. */
const req = (intended: number, service: number, o: { lag?: number; queued?: number; failed?: boolean } = {}): RequestRecord => {
  const issued = intended + (o.lag ?? 0);
  const wire = issued + (o.queued ?? 0);
  return { intended, issued, wire, done: Number.isFinite(service) ? wire + service : NaN, failed: o.failed ?? false };
};

describe('censoredPercentile', () => {
  it('is exact when every lower bound lies above it', () => {
    const samples = [10, 20, 30, 40].map((ms) => ({ ms, lowerBound: false }));
    expect(censoredPercentile([...samples, { ms: 500, lowerBound: true }], 0.5)).toEqual({ ms: 30, bound: false });
  });

  it('is only a lower bound when an unfinished request sits at or below it', () => {
    const samples = [10, 20].map((ms) => ({ ms, lowerBound: false }));
    expect(censoredPercentile([...samples, { ms: 15, lowerBound: true }], 0.99)).toEqual({ ms: 20, bound: true });
    expect(censoredPercentile([...samples, { ms: 25, lowerBound: true }], 0.99)).toEqual({ ms: 25, bound: true });
  });
});

describe('summarizeOpenLoop', () => {
  it('times a request from when it was due, so the wait for a connection is in its latency', () => {
    // 100 requests every 10 ms, each 20 ms of service; the last ten waited 500 ms for a connection.
    const records = Array.from({ length: 100 }, (_, k) => req(k * 10, 20, { queued: k >= 90 ? 500 : 0 }));
    const run = summarizeOpenLoop(records, 10_000);
    expect(run).toMatchObject({ sent: 100, completed: 100, unfinished: 0, errors: 0, p50Ms: 20, p99Ms: 520, p99Bound: false });
    // The closed loop's clock starts when the request went out, and never sees the queue.
    expect(run.p99WireMs).toBe(20);
    expect(run.achievedRps).toBeCloseTo(100, 6);
  });

  it('counts the unanswered as unfinished, at least as slow as the time they waited', () => {
    const answered = Array.from({ length: 50 }, (_, k) => req(k, 20));
    const stuck = Array.from({ length: 50 }, (_, k) => req(50 + k, Infinity));
    const failed = req(100, 5, { failed: true });
    const run = summarizeOpenLoop([...answered, ...stuck, failed], 1000);
    expect(run).toMatchObject({ sent: 101, completed: 50, unfinished: 50, errors: 1 });
    expect(run.sent).toBe(run.completed + run.unfinished + run.errors);
    // The slowest sample is the first stuck request's wait until the cutoff: a lower bound.
    expect(run.p99Ms).toBe(1000 - 51);
    expect(run.p99Bound).toBe(true);
    expect(run.p50Ms).toBe(20);
    expect(run.p50Bound).toBe(false);
  });

  it('treats an answer after the cutoff as unfinished', () => {
    const run = summarizeOpenLoop([req(0, 10), req(10, 100)], 50);
    expect(run).toMatchObject({ completed: 1, unfinished: 1 });
  });

  it('measures the generator’s own lag, and never times a request from after it was issued', () => {
    const records = Array.from({ length: 100 }, (_, k) => req(k * 10, 20, { lag: k === 99 ? 30 : k === 0 ? -2 : 0.5 }));
    const run = summarizeOpenLoop(records, 10_000);
    expect(run.lagP99Ms).toBe(0.5);
    expect(Math.max(...records.map((r) => r.done - Math.min(r.intended, r.issued)))).toBe(50);
    expect(run.p99Ms).toBe(20.5);
  });
});

describe('generatorLimited', () => {
  it('flags a run below 90 % of the asked rate, or one whose lag went past the limit and a tenth of its p99', () => {
    expect(generatorLimited({ achievedRps: 950, lagP99Ms: 1, p99Ms: 20 }, 1000, 5)).toBe(false);
    expect(generatorLimited({ achievedRps: 850, lagP99Ms: 1, p99Ms: 20 }, 1000, 5)).toBe(true);
    expect(generatorLimited({ achievedRps: 1000, lagP99Ms: 8, p99Ms: 30 }, 1000, 5)).toBe(true);
    expect(generatorLimited({ achievedRps: NaN, lagP99Ms: 0, p99Ms: 20 }, 1000, 5)).toBe(true);
    // 8 ms late against a 600 ms p99: the lag is at most 1.3 % of the figure, which stands.
    expect(generatorLimited({ achievedRps: 1000, lagP99Ms: 8, p99Ms: 600 }, 1000, 5)).toBe(false);
    expect(generatorLimited({ achievedRps: 1000, lagP99Ms: 61, p99Ms: 600 }, 1000, 5)).toBe(true);
  });
});
