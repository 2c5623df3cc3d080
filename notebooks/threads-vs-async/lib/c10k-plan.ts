/**
 * Which connection counts the thread-per-connection server is measured at, and what is
 * extrapolated: a Node worker thread costs megabytes, so beyond a cap (a parameter, lowered
 * further to fit a quarter of the free memory) the figures are projected from the largest
 * measured step and labelled as such.
 */
import type { RowData } from '../../../core/protocol.ts';
import { hiField, loField } from '../../../core/trials.ts';

/** Pure: the most threads that fit in `budgetBytes` at `bytesPerThread`, never above `cap`. */
export function threadCap(cap: number, budgetBytes: number, bytesPerThread: number): number {
  return Math.max(1, Math.min(cap, Math.floor(budgetBytes / Math.max(1, bytesPerThread))));
}

/** Pure: steps at or below the cap are measured (plus the cap itself when steps go beyond it). */
export function planSteps(steps: number[], cap: number): { measured: number[]; extrapolated: number[] } {
  const sorted = [...new Set(steps)].sort((a, b) => a - b);
  const measured = sorted.filter((n) => n <= cap);
  const extrapolated = sorted.filter((n) => n > cap);
  if (extrapolated.length > 0 && !measured.includes(cap)) measured.push(cap);
  return { measured, extrapolated };
}

/**
 * Pure: a summary row measured at `row.connections`, projected linearly to n connections: the
 * `growing` measures (and their interval ends) scale with n, the others (per connection) stay.
 */
export function extrapolate(row: RowData, n: number, growing: string[]): RowData {
  const k = n / Number(row.connections);
  const scaled = growing.flatMap((m) => [m, loField(m), hiField(m)]).filter((f) => typeof row[f] === 'number');
  return { ...row, connections: n, ...Object.fromEntries(scaled.map((f) => [f, Number(row[f]) * k])) };
}
