/**
 * Each server's rate against its shape's ceiling (a canned responder, measured in the same
 * trials). The fraction is estimated over trial pairs: trial i of a server ran beside trial i of
 * the responder, so drift in the machine cancels out. The ceiling itself is at least the fastest
 * median measured in the shape: a responder is a program too, and when a server outruns it, the
 * responder measured its own cost, not the generator's limit (with a new connection per request,
 * Node's canned responder is slower than a bare CPython loop). A server whose median comes within
 * 10 % of that ceiling is generator-limited: its number says how fast the generator is, so it is
 * flagged and never ranked. The Python cells use the same rule through the bridge (`ceiling`).
 */
import type { RowData } from '../../../core/protocol.ts';
import { ratioEstimate } from '../../../core/stats.ts';
import { estimateFields, trialValues } from '../../../core/trials.ts';
import { atCeiling } from '../../lib/load.ts';

export interface AgainstCeiling {
  ofCeiling: number;
  ofCeilingLo: number;
  ofCeilingHi: number;
  generatorLimited: boolean;
}

export interface ShapeRate {
  server: string;
  requestsPerSec: number;
}

export interface ShapeCeiling {
  /** The generator's ceiling in the shape: the responder's median, or a faster one measured beside it. */
  ceiling: number;
  /** Which row set it (the responder's server, or the server that outran it). */
  setBy: string;
  /** Per row, in order: whether it is generator-limited (the responder always is). */
  limited: boolean[];
}

/** Pure: one shape's ceiling, by the rule above, and which of its rows it caps. */
export function shapeCeiling(rows: readonly ShapeRate[], responder: string): ShapeCeiling {
  let top: ShapeRate | undefined;
  for (const r of rows) {
    if (!Number.isFinite(r.requestsPerSec)) continue;
    // The responder wins a tie: it was measured to be the ceiling.
    if (!top || r.requestsPerSec > top.requestsPerSec || (r.requestsPerSec === top.requestsPerSec && r.server === responder)) top = r;
  }
  const ceiling = top?.requestsPerSec ?? Number.NaN;
  return {
    ceiling,
    setBy: top?.server ?? responder,
    limited: rows.map((r) => r.server === responder || atCeiling(r.requestsPerSec, ceiling)),
  };
}

/**
 * Pure: `row` (a summary with `server`, `shape` and a median `requestsPerSec`) against the row of
 * `ceilingServer` in the same shape, using the trials of both; generator-limited by shapeCeiling.
 * The responder itself counts as generator-limited: it measures the generator.
 */
export function againstCeiling(row: RowData, rows: RowData[], trials: RowData[], ceilingServer: string): AgainstCeiling {
  const inShape = rows
    .filter((r) => r.shape === row.shape)
    .map((r) => ({ server: String(r.server), requestsPerSec: r.requestsPerSec as number }));
  const judged = shapeCeiling(inShape, ceilingServer);
  const rate = (server: RowData['server']) => trialValues(trials, { server, shape: row.shape }, 'requestsPerSec');
  const ratio = ratioEstimate(rate(row.server), rate(ceilingServer));
  const limited = row.server === ceilingServer || atCeiling(row.requestsPerSec as number, judged.ceiling);
  return { ...(estimateFields('ofCeiling', ratio) as Omit<AgainstCeiling, 'generatorLimited'>), generatorLimited: limited };
}

/** Pure: the sum of a measure over the trials that match `where` (errors are counted, not estimated). */
export function total(trials: RowData[], where: RowData, measure: string): number {
  return trialValues(trials, where, measure).reduce((a, b) => a + b, 0);
}
