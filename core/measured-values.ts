/**
 * The values of one measure for the rows that match `where` in a results file: its trials when it
 * stores them, else the matching rows' own values (one each, as in results from before trials).
 * What a ledger judges and a prose figure quotes, read the same way. Pure.
 */
import type { ResultsFile, RowData } from './protocol.ts';
import { matches, trialValues } from './trials.ts';

export function measuredValues(results: ResultsFile, where: RowData, measure: string): number[] {
  const fromTrials = trialValues(results.trials, where, measure);
  if (fromTrials.length > 0) return fromTrials;
  return results.rows
    .filter((r) => matches(r, where))
    .map((r) => r[measure])
    .filter((v): v is number => typeof v === 'number');
}
