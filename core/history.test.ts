import { describe, expect, it } from 'vitest';
import { historyEntries } from './history.ts';
import type { ResultsFile } from './protocol.ts';

const results = (date: string, extra: Partial<ResultsFile> = {}): ResultsFile => ({
  schema: 1,
  cell: 'ch/c',
  preset: 'full',
  params: { n: 1 },
  rows: [{ x: 1 }],
  reference: [],
  durationMs: 1,
  provenance: {
    runtime: 'node',
    runtimeVersion: '20.20.2',
    cpu: 'x',
    cores: 2,
    memoryBytes: 1,
    os: 'Linux',
    date,
    commit: null,
    dirty: false,
    pinned: null,
    loadGenerator: null,
    database: null,
  },
  hash: { value: 'a'.repeat(64), inputs: [] },
  ...extra,
});

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
