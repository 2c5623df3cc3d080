/**
 * Where a timed stretch of wall time went, from process.cpuUsage(): user CPU (this process
 * computing: the driver's JavaScript, or libpq's C), system CPU (the kernel working for it: socket
 * reads and writes, mostly) and the rest (waiting on the server). Pure.
 */
import type { RowData } from '../../../core/protocol.ts';
import { hiField, loField } from '../../../core/trials.ts';

export interface CpuSplit {
  wallSeconds: number;
  userSeconds: number;
  systemSeconds: number;
  waitSeconds: number;
  userShare: number;
  systemShare: number;
  waitShare: number;
}

/**
 * `cpu` in microseconds, as process.cpuUsage(start) gives it. It counts every thread of the process
 * (GC helpers too), so it can exceed the wall time: the CPU parts are capped so the three add up to it.
 */
export function cpuSplit(wallSeconds: number, cpu: { user: number; system: number }): CpuSplit {
  const userSeconds = Math.min(wallSeconds, cpu.user / 1e6);
  const systemSeconds = Math.min(wallSeconds - userSeconds, cpu.system / 1e6);
  const waitSeconds = wallSeconds - userSeconds - systemSeconds;
  const share = (s: number) => (wallSeconds > 0 ? s / wallSeconds : 0);
  return {
    wallSeconds,
    userSeconds,
    systemSeconds,
    waitSeconds,
    userShare: share(userSeconds),
    systemShare: share(systemSeconds),
    waitShare: share(waitSeconds),
  };
}

/**
 * The chart's parts, in stacking order, each keyed by the measure it is read from: computing in
 * the client (`user`), in the kernel on socket calls (`system`), waiting on the server (`wait`).
 */
export const PARTS = ['user', 'system', 'wait'] as const;

/**
 * A driver's summary row (`userShare`, `userSecondsLo`... with intervals) as one row per part, each
 * with `share` and `seconds` and their intervals. Each part is its own median, so the shares of a
 * driver add up to about 1, not exactly.
 */
export function partRows(summary: RowData, key: RowData): RowData[] {
  const field = (from: string, to: string) => ({
    [to]: summary[from] ?? null,
    [loField(to)]: summary[loField(from)] ?? null,
    [hiField(to)]: summary[hiField(from)] ?? null,
  });
  return PARTS.map((part) => ({
    ...key,
    part,
    ...field(`${part}Share`, 'share'),
    ...field(`${part}Seconds`, 'seconds'),
    ...field('wallSeconds', 'wallSeconds'),
    trials: summary.trials ?? null,
  }));
}
