/**
 * How many times one variant's measure is another's, as row fields (median and 95 % interval).
 * Paired trial by trial: the variants were interleaved, so trial i of each ran side by side and
 * drift in the machine cancels out of their ratio. Shared by both chapters' cells.
 */
import type { RowData } from '../../../core/protocol.ts';
import { ratioEstimate } from '../../../core/stats.ts';
import { estimateFields, trialValues } from '../../../core/trials.ts';

/** Pure: `name`, `nameLo`, `nameHi` for (measure of `top`) / (measure of `bottom`) over `trials`. */
export function pairedRatio(name: string, trials: RowData[], measure: string, top: RowData, bottom: RowData): RowData {
  return estimateFields(name, ratioEstimate(trialValues(trials, top, measure), trialValues(trials, bottom, measure)));
}

/** A trial sink that also keeps what it was given, for ratios computed once all trials are in. */
export function keepingTrials(emit: (trial: RowData) => void): { trial: (t: RowData) => void; trials: RowData[] } {
  const trials: RowData[] = [];
  return {
    trials,
    trial: (t) => {
      trials.push(t);
      emit(t);
    },
  };
}
