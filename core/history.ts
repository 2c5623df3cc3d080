/**
 * A cell's runs as the notebook page lists and overlays them: the chapter's stored results
 * first (always present when measured), then the runner's history, newest first. Pure.
 */
import type { ResultsFile } from './protocol.ts';
import type { HistoryEntry } from './api.ts';

export function historyEntries(stored: ResultsFile | undefined, history: { name: string; results: ResultsFile }[]): HistoryEntry[] {
  const entry = (key: string, r: ResultsFile, isStored: boolean): HistoryEntry => ({
    key,
    stored: isStored,
    date: r.provenance.date,
    preset: r.preset,
    origin: r.origin ?? 'file',
    params: r.params,
    provenance: r.provenance,
    rows: r.rows,
    trials: r.trials,
    reference: r.reference,
  });
  return [...(stored ? [entry('stored', stored, true)] : []), ...history.map((h) => entry(h.name, h.results, false))];
}
