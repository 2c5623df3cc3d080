/** A whole, valid results file for tests, with any fields replaced. */
import type { ResultsFile } from '../../core/protocol.ts';

export function resultsFile(extra: Partial<ResultsFile> = {}): ResultsFile {
  return {
    schema: 1,
    cell: 'ch/c',
    preset: 'full',
    params: { n: 1 },
    rows: [{ x: 1 }],
    trials: [],
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
    ...extra,
  };
}
