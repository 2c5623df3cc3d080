import { describe, expect, it } from 'vitest';
import { ResultsFile, RunEvent } from './protocol.ts';

/** A results file that passes, so each test below breaks exactly one thing in it. */
const valid = () => ({
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
    date: '2026-11-22T03:00:00.000Z',
    commit: null,
    dirty: false,
    pinned: null,
    loadGenerator: null,
    database: null,
  },
  hash: { value: 'a'.repeat(64), inputs: ['notebooks/ch/c.ts'] },
});

describe('schemas', () => {
  it('accepts a whole results file', () => {
    expect(ResultsFile.safeParse(valid()).success).toBe(true);
  });

  it('rejects a results file with a bad hash', () => {
    for (const value of ['a'.repeat(63), 'A'.repeat(64), 'not a hash']) {
      const bad = { ...valid(), hash: { ...valid().hash, value } };
      expect(ResultsFile.safeParse(bad).success, value).toBe(false);
    }
  });

  it('rejects a results file missing a provenance field', () => {
    for (const field of ['runtime', 'cpu', 'cores', 'date']) {
      const provenance: Record<string, unknown> = { ...valid().provenance };
      delete provenance[field];
      expect(ResultsFile.safeParse({ ...valid(), provenance }).success, field).toBe(false);
    }
  });

  it('parses a state event and a record event', () => {
    expect(RunEvent.parse({ kind: 'state', runId: 'r', cell: 'a/b', state: 'queued', position: 1 }).kind).toBe('state');
    expect(RunEvent.parse({ kind: 'record', runId: 'r', cell: 'a/b', seq: 0, record: { type: 'done' } }).kind).toBe('record');
  });
});
