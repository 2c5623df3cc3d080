/**
 * The load loop shared by the in-process variants: `concurrency` workers take input lines from one
 * queue (as the essay's threads did) until it is empty or the time is up, and note when each line's
 * transaction committed.
 */
import type { Line } from './dataset.ts';

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes. */
export const now = () => performance.timeOrigin + performance.now();

export interface Completion {
  /** When the line's transaction committed (ms, `now()`). */
  t: number;
  /** Data elements it inserted. */
  rows: number;
}

export interface LoadResult {
  start: number;
  /** When the queue first came up empty (or time ran out): from then on, fewer than `concurrency` are busy. */
  drainedAt: number;
  end: number;
  completions: Completion[];
}

/** One way of loading: run(concurrency, seconds) times one load; close() ends what it keeps between runs. */
export interface Variant {
  run(concurrency: number, seconds: number): Promise<LoadResult>;
  close(): Promise<void>;
}

export async function drive(
  lines: readonly Line[],
  concurrency: number,
  stopAt: number,
  load: (line: Line) => Promise<unknown>,
): Promise<LoadResult> {
  const completions: Completion[] = [];
  const start = now();
  let next = 0;
  let drainedAt = Infinity;
  async function worker() {
    while (next < lines.length && now() < stopAt) {
      const line = lines[next++];
      await load(line);
      completions.push({ t: now(), rows: line.values.length });
    }
    drainedAt = Math.min(drainedAt, now());
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { start, drainedAt, end: now(), completions };
}

/** Several processes' results as one run: the earliest start and drain, every completion. */
export function mergeResults(results: LoadResult[]): LoadResult {
  return {
    start: Math.min(...results.map((r) => r.start)),
    drainedAt: Math.min(...results.map((r) => r.drainedAt)),
    end: Math.max(...results.map((r) => r.end)),
    completions: results.flatMap((r) => r.completions),
  };
}
