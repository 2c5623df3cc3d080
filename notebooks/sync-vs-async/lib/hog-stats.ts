/**
 * The arithmetic of the blocking-handler experiment, apart from its sockets: when the hogs are
 * sent inside a measured window, what the fast requests' latencies come to, and how a trial with
 * hogs compares with the same deployment's trial without them in the same round. Pure.
 */
import { percentile } from '../../lib/load.ts';

/**
 * When to send each hog, in ms from the start of the window: one every `everyMs`, each in the
 * middle of its slot, so a window holds windowMs / everyMs of them (whole slots only) and the last
 * has half a slot to finish before the window ends.
 */
export function hogOffsets(windowMs: number, everyMs: number): number[] {
  const n = Math.floor(windowMs / everyMs);
  return Array.from({ length: n }, (_, i) => everyMs / 2 + i * everyMs);
}

export interface LatencySummary {
  requests: number;
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
}

/** The fast requests of one window: their count, rate over `seconds`, median, 99th percentile and mean latency. */
export function latencySummary(latenciesMs: readonly number[], seconds: number): LatencySummary {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const n = sorted.length;
  return {
    requests: n,
    requestsPerSec: seconds > 0 ? n / seconds : 0,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    meanMs: n > 0 ? sorted.reduce((a, b) => a + b, 0) / n : NaN,
  };
}

export interface AgainstBaseline {
  /** p99 with hogs ÷ p99 without (1: the hogs changed nothing in the tail). */
  p99Growth: number;
  /** Fast requests per second with hogs ÷ without (1: none lost). */
  rateKept: number;
}

/** One trial with hogs against the same deployment's trial without them, measured just before in the same round. */
export function againstBaseline(withHogs: LatencySummary, baseline: LatencySummary): AgainstBaseline {
  return { p99Growth: withHogs.p99Ms / baseline.p99Ms, rateKept: withHogs.requestsPerSec / baseline.requestsPerSec };
}
