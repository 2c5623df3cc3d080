/**
 * Rows per second over the steady part of a load, as the essay reported it: the start (every
 * connection beginning its first line at once, or not yet busy at all) and the tail (the queue is
 * empty, fewer workers are still busy) are left out.
 */
import type { Completion } from './drive.ts';

export interface SteadyRate {
  rowsPerSec: number;
  /** Rows inserted inside the window, and its length. */
  windowRows: number;
  windowSeconds: number;
  /** False when the load was too short for the window wanted: the rate then includes some of its start. */
  steady: boolean;
}

export interface Warmup {
  /** Leave out this fraction of the load (start to drainedAt). */
  fraction: number;
  /** ...or, if later, everything until every connection had a line: when the load reached its concurrency. */
  rampedAt?: number;
}

/**
 * The window runs from the end of the warm-up to drainedAt; its rate is the rows inserted inside it
 * over its length. A load that never reached its concurrency before it drained falls back to the
 * fraction alone, then to all rows over the whole load, and says so (`steady: false`).
 */
export function steadyRate(
  completions: readonly Completion[],
  start: number,
  drainedAt: number,
  warmup: Warmup = { fraction: 0.15 },
): SteadyRate {
  const t0 = Math.max(start + warmup.fraction * (drainedAt - start), warmup.rampedAt ?? start);
  const t1 = drainedAt;
  let windowRows = 0;
  for (const c of completions) if (c.t > t0 && c.t <= t1) windowRows += c.rows;
  if (t1 > t0 && windowRows > 0) {
    const windowSeconds = (t1 - t0) / 1000;
    return { rowsPerSec: windowRows / windowSeconds, windowRows, windowSeconds, steady: true };
  }
  if (warmup.rampedAt !== undefined) {
    return { ...steadyRate(completions, start, drainedAt, { fraction: warmup.fraction }), steady: false };
  }
  const rows = completions.reduce((n, c) => n + c.rows, 0);
  const last = completions.reduce((t, c) => Math.max(t, c.t), start);
  const seconds = (last - start) / 1000;
  return { rowsPerSec: seconds > 0 ? rows / seconds : 0, windowRows: rows, windowSeconds: seconds, steady: false };
}
