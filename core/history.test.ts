import { describe, expect, it } from 'vitest';
import { historyEntries } from './history.ts';
import type { ResultsFile } from './protocol.ts';
import { resultsFile } from '../tests/helpers/results-file.ts';

const results = (date: string, extra: Partial<ResultsFile> = {}): ResultsFile =>
  resultsFile({ ...extra, provenance: { ...resultsFile().provenance, date } });

describe('historyEntries', () => {
  it('lists the stored results first, then earlier runs and experiments with their origin', () => {
    const entries = historyEntries(results('2026-11-22T03:00:00.000Z'), [
      { name: 'b.json', results: results('2026-11-22T02:00:00.000Z', { preset: 'custom', origin: 'edited-params' }) },
      { name: 'a.json', results: results('2026-11-21T02:00:00.000Z') },
    ]);
    expect(entries.map((e) => [e.key, e.stored, e.origin])).toEqual([
      ['stored', true, 'file'],
      ['b.json', false, 'edited-params'],
      ['a.json', false, 'file'],
    ]);
  });

  it('has no stored entry for an unmeasured cell', () => {
    expect(historyEntries(undefined, [])).toEqual([]);
  });
});
