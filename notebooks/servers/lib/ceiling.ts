/**
 * Each server's rate against its shape's ceiling (the canned responder, measured in the same
 * trials). The fraction is estimated over trial pairs: trial i of a server ran beside trial i of
 * the ceiling, so drift in the machine cancels out. A server whose median comes within 10 % of the
 * ceiling's median is generator-limited: its number says how fast the generator is, so it is
 * flagged and never ranked.
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

/**
 * Pure: `row` (a summary with `server`, `shape` and a median `requestsPerSec`) against the row of
 * `ceilingServer` in the same shape, using the trials of both. The ceiling itself counts as
 * generator-limited: it measures the generator.
 */
export function againstCeiling(row: RowData, rows: RowData[], trials: RowData[], ceilingServer: string): AgainstCeiling {
  const ceiling = rows.find((r) => r.server === ceilingServer && r.shape === row.shape);
  const rate = (server: RowData['server']) => trialValues(trials, { server, shape: row.shape }, 'requestsPerSec');
  const ratio = ratioEstimate(rate(row.server), rate(ceilingServer));
  const limited =
    row.server === ceilingServer || (ceiling !== undefined && atCeiling(row.requestsPerSec as number, ceiling.requestsPerSec as number));
  return { ...(estimateFields('ofCeiling', ratio) as Omit<AgainstCeiling, 'generatorLimited'>), generatorLimited: limited };
}

/** Pure: the sum of a measure over the trials that match `where` (errors are counted, not estimated). */
export function total(trials: RowData[], where: RowData, measure: string): number {
  return trialValues(trials, where, measure).reduce((a, b) => a + b, 0);
}
