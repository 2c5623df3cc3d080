/**
 * Rows per second over the steady part of a run, as the essay reported it: the start (connections
 * warming, code not yet optimised) and the tail (the queue is empty, fewer workers are still busy)
 * are left out.
 */
import type { Completion } from './drive.ts';

export interface SteadyRate {
  rowsPerSec: number;
  /** Rows committed inside the window, and its length. */
  windowRows: number;
  windowSeconds: number;
  /** False when the run was too short for the window wanted: the rate then includes some warm-up. */
  steady: boolean;
}

export interface Warmup {
  /** Leave out this fraction of the run (start to drainedAt). */
  fraction: number;
  /** ...or, if later, everything until this many lines have committed: each worker's first, cold line. */
  firstLines: number;
}

/**
 * The window runs from the end of the warm-up to drainedAt; its rate is the rows of the lines that
 * committed inside it over its length. A run too short for that window falls back to the fraction
 * alone, then to all rows over the whole run, and says so (`steady: false`).
 */
export function steadyRate(
  completions: readonly Completion[],
  start: number,
  drainedAt: number,
  warmup: Warmup = { fraction: 0.15, firstLines: 0 },
): SteadyRate {
  const times = completions.map((c) => c.t).sort((a, b) => a - b);
  const firstRound = warmup.firstLines > 0 ? (times[warmup.firstLines - 1] ?? Infinity) : start;
  const t0 = Math.max(start + warmup.fraction * (drainedAt - start), firstRound);
  const t1 = drainedAt;
  let windowRows = 0;
  for (const c of completions) if (c.t > t0 && c.t <= t1) windowRows += c.rows;
  if (t1 > t0 && windowRows > 0) {
    const windowSeconds = (t1 - t0) / 1000;
    return { rowsPerSec: windowRows / windowSeconds, windowRows, windowSeconds, steady: true };
  }
  if (warmup.firstLines > 0) {
    return { ...steadyRate(completions, start, drainedAt, { ...warmup, firstLines: 0 }), steady: false };
  }
  const rows = completions.reduce((n, c) => n + c.rows, 0);
  const seconds = ((times.at(-1) ?? start) - start) / 1000;
  return { rowsPerSec: seconds > 0 ? rows / seconds : 0, windowRows: rows, windowSeconds: seconds, steady: false };
}
