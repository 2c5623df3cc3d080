/**
 * The load loop shared by the variants: `concurrency` workers take input lines from one queue (as
 * the essay's threads did) until it is empty, the time is up or `maxLines` have been taken, and
 * note when each data element was inserted. When the time is up, a line still in flight rolls
 * back before its next insert, so a load ends on time rather than after its slowest lines. A
 * variant opens its connections once (untimed) and runs load after load on them: what a load
 * times is inserting, not connecting.
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
  /** Lines taken, each in its own transaction, and the data elements of those that committed: what the table holds. */
  lines: number;
  committedRows: number;
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

/** What loading one line did: when each INSERT returned (`now()`), and whether the transaction committed. */
export interface LineResult {
  inserted: number[];
  committed: boolean;
}

/** Loads one line in its own transaction, rolled back instead of continued once `now()` passes `stopAt`. */
export type LoadLine = (line: Line, stopAt: number) => Promise<LineResult>;

export async function drive(lines: readonly Line[], concurrency: number, limits: LoadLimits, load: LoadLine): Promise<LoadResult> {
  const completions: Completion[] = [];
  const start = now();
  const stopAt = start + limits.seconds * 1000;
  const take = Math.min(lines.length, limits.maxLines ?? Infinity);
  let next = 0;
  let drainedAt = Infinity;
  let rampedAt = Infinity;
  let committedRows = 0;
  async function worker() {
    while (next < take && now() < stopAt) {
      const line = lines[next++];
      if (next === concurrency) rampedAt = now();
      const { inserted, committed } = await load(line, stopAt);
      for (const t of inserted) completions.push({ t, rows: 1 });
      if (committed) committedRows += inserted.length;
    }
    drainedAt = Math.min(drainedAt, now());
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { start, rampedAt, drainedAt, end: now(), completions, lines: next, committedRows };
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
    committedRows: results.reduce((n, r) => n + r.committedRows, 0),
  };
}
