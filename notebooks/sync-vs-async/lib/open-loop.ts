/**
 * What one fixed-arrival-rate run measured, from the generator's record of every request. Pure.
 *
 * An open-loop run sends request k at its *intended* time, t0 + k / rate, whatever happened to the
 * requests before it. A request's latency is counted from that intended time (or from when it was
 * really issued, if the generator's timer fired a little early), so time spent waiting anywhere,
 * in the generator's queue for a free connection as much as in the server's, is in the number:
 * that is the delay a user who arrived at that moment would have felt. A closed-loop client only
 * starts its clock when it writes the request, so the wait before that is omitted, and omitted
 * exactly when the server is slow: coordinated omission. `p99WireMs` is that clock (from when the
 * request went out on a connection), kept beside the honest one to show the difference.
 *
 * A request still unanswered when the run stops (its cutoff) is not dropped: it is counted as
 * `unfinished`, and its latency enters the percentiles as what it is known to be, at least
 * cutoff − intended. A percentile that rests on such a lower bound is itself only a lower bound,
 * and says so (`p50Bound`, `p99Bound`).
 */
import { percentile } from '../../lib/load.ts';

/** One request as the generator saw it (times in ms on one clock; NaN when it never happened). */
export interface RequestRecord {
  /** When the schedule said to send it. */
  intended: number;
  /** When the generator really issued it. */
  issued: number;
  /** When it got a connection and went out (NaN while it waited in the generator's queue). */
  wire: number;
  /** When its response ended (NaN if it never did). */
  done: number;
  /** Failed before the cutoff: a connection error or a non-2xx status. */
  failed: boolean;
}

export interface OpenLoopRun {
  /** Requests the schedule issued. sent = completed + unfinished + errors. */
  sent: number;
  completed: number;
  /** Neither answered nor failed at the cutoff: the server (or the pool in front of it) fell behind. */
  unfinished: number;
  errors: number;
  /** Latency percentiles from the intended send time, unfinished requests included as lower bounds. */
  p50Ms: number;
  p99Ms: number;
  /** Whether that percentile is only a lower bound (an unfinished request sits at or below it). */
  p50Bound: boolean;
  p99Bound: boolean;
  /** p99 of the answered requests only, from when each went out: what a closed-loop client reports. */
  p99WireMs: number;
  /** The generator's own lag, issued − intended, at its 99th percentile (ms). */
  lagP99Ms: number;
  /** Requests issued per second between the first and the last one. */
  achievedRps: number;
}

/** One latency with whether it is exact or only known to be at least this long. */
interface Sample {
  ms: number;
  lowerBound: boolean;
}

/**
 * Pure: the value at quantile q of samples some of which are lower bounds, and whether it is
 * exact. Raising a lower-bound sample that lies above the reported value cannot move it; one at
 * or below it could, so the value is then a lower bound too.
 */
export function censoredPercentile(samples: Sample[], q: number): { ms: number; bound: boolean } {
  const sorted = [...samples].sort((a, b) => a.ms - b.ms);
  const ms = percentile(
    sorted.map((s) => s.ms),
    q,
  );
  return { ms, bound: sorted.some((s) => s.lowerBound && s.ms <= ms) };
}

/** Pure: a run's figures from its records, the cutoff (ms, same clock) marking its end. */
export function summarizeOpenLoop(records: RequestRecord[], cutoff: number): OpenLoopRun {
  const start = (r: RequestRecord) => Math.min(r.intended, r.issued);
  const answered = records.filter((r) => !r.failed && Number.isFinite(r.done) && r.done <= cutoff);
  const unfinished = records.filter((r) => !r.failed && !(Number.isFinite(r.done) && r.done <= cutoff));
  const samples: Sample[] = [
    ...answered.map((r) => ({ ms: r.done - start(r), lowerBound: false })),
    ...unfinished.map((r) => ({ ms: cutoff - start(r), lowerBound: true })),
  ];
  const p50 = censoredPercentile(samples, 0.5);
  const p99 = censoredPercentile(samples, 0.99);
  const sortedMs = (xs: number[]) => xs.sort((a, b) => a - b);
  const issued = records.map((r) => r.issued);
  const span = (Math.max(...issued) - Math.min(...issued)) / 1000;
  return {
    sent: records.length,
    completed: answered.length,
    unfinished: unfinished.length,
    errors: records.filter((r) => r.failed).length,
    p50Ms: p50.ms,
    p99Ms: p99.ms,
    p50Bound: p50.bound,
    p99Bound: p99.bound,
    p99WireMs: percentile(sortedMs(answered.map((r) => r.done - r.wire)), 0.99),
    lagP99Ms: percentile(sortedMs(records.map((r) => r.issued - r.intended)), 0.99),
    achievedRps: records.length > 1 && span > 0 ? (records.length - 1) / span : NaN,
  };
}

/**
 * Pure: whether the generator failed to keep the schedule at `rate`: it issued fewer than 90 % of
 * the requests per second asked for (the house's 10 % rule), or its 99th-percentile lag exceeded
 * both `maxLagMs` and a tenth of the run's p99 latency. Latency counts from the due time, so a late
 * generator can add at most its lag to a figure: a 6 ms lag says nothing about a 600 ms p99, but
 * a third of a 30 ms one. Such a run measures the generator, and is never ranked.
 */
export function generatorLimited(run: Pick<OpenLoopRun, 'achievedRps' | 'lagP99Ms' | 'p99Ms'>, rate: number, maxLagMs: number): boolean {
  return !(run.achievedRps >= rate * 0.9) || run.lagP99Ms > Math.max(maxLagMs, 0.1 * run.p99Ms);
}
