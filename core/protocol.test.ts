import { describe, expect, it } from 'vitest';
import { ResultsFile } from './protocol.ts';
import { RunEvent } from './api.ts';
import { resultsFile } from '../tests/helpers/results-file.ts';

/** A results file that passes, so each test below breaks exactly one thing in it. */
const valid = () => resultsFile();

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
