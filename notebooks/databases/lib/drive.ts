/**
 * The load loop shared by the variants: `concurrency` workers take input lines from one queue (as
 * the essay's threads did) until it is empty, the time is up or `maxLines` have been taken, and
 * note when each data element was inserted. A variant opens its connections once (untimed) and
 * runs load after load on them: what a load times is inserting, not connecting.
 */
import type { Line } from './dataset.ts';

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across threads and processes. */
export const now = () => performance.timeOrigin + performance.now();

export interface Completion {
  /** When an INSERT returned (ms, `now()`); its line's transaction commits after the line's last one. */
  t: number;
  /** Data elements it inserted (one). */
  rows: number;
}

export interface LoadResult {
  start: number;
  /** When every connection had a line in flight (Infinity: never, in this load). */
  rampedAt: number;
  /** When the queue first came up empty (or time ran out): from then on, fewer than `concurrency` are busy. */
  drainedAt: number;
  end: number;
  completions: Completion[];
  /** Lines loaded, each in its own transaction. */
  lines: number;
}

/** How long a load may run, and how many lines it may take (a warm-up takes one per connection). */
export interface LoadLimits {
  seconds: number;
  maxLines?: number;
}

/** `concurrency` connections held open: `run` times one load on them, `close` closes them. */
export interface Connections {
  run(limits: LoadLimits): Promise<LoadResult>;
  close(): Promise<void>;
}

/** One way of loading: `open` connects (untimed); `close` ends what it keeps across concurrencies (threads, processes). */
export interface Variant {
  open(concurrency: number): Promise<Connections>;
  close(): Promise<void>;
}

/** Loads one line in its own transaction; resolves to when each of its INSERTs returned (`now()`). */
export type LoadLine = (line: Line) => Promise<number[]>;

export async function drive(lines: readonly Line[], concurrency: number, limits: LoadLimits, load: LoadLine): Promise<LoadResult> {
  const completions: Completion[] = [];
  const start = now();
  const stopAt = start + limits.seconds * 1000;
  const take = Math.min(lines.length, limits.maxLines ?? Infinity);
  let next = 0;
  let drainedAt = Infinity;
  let rampedAt = Infinity;
  async function worker() {
    while (next < take && now() < stopAt) {
      const line = lines[next++];
      if (next === concurrency) rampedAt = now();
      for (const t of await load(line)) completions.push({ t, rows: 1 });
    }
    drainedAt = Math.min(drainedAt, now());
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { start, rampedAt, drainedAt, end: now(), completions, lines: next };
}

/** Several processes' results as one load: the earliest start and drain, the latest ramp, every completion. */
export function mergeResults(results: LoadResult[]): LoadResult {
  return {
    start: Math.min(...results.map((r) => r.start)),
    rampedAt: Math.max(...results.map((r) => r.rampedAt)),
    drainedAt: Math.min(...results.map((r) => r.drainedAt)),
    end: Math.max(...results.map((r) => r.end)),
    completions: results.flatMap((r) => r.completions),
    lines: results.reduce((n, r) => n + r.lines, 0),
  };
}
