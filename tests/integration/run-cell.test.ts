// executeCell: the type check before a run, and the run lock between processes.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { executeCell } from '../../runners/run-cell.ts';
import type { CellRecord } from '../../core/protocol.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');
const ref = (name: string) => ({ file: `${ROOT}/tests/fixtures/cells/${name}.ts`, relFile: `tests/fixtures/cells/${name}.ts` });

describe('executeCell', () => {
  it('refuses to run a cell with a type error, pointing at its line', async () => {
    const records: CellRecord[] = [];
    const { outcome } = await executeCell(ROOT, ref('type-error'), { preset: 'quick', onRecord: (r) => records.push(r) });
    expect(outcome.status).toBe('error');
    expect(records).toEqual([
      expect.objectContaining({
        type: 'error',
        kind: 'type',
        message: expect.stringContaining("Type 'string' is not assignable to type 'number'"),
        at: expect.objectContaining({ line: 7 }),
      }),
    ]);
  });

  it('reports a syntax error from the check, before starting a process', async () => {
    const records: CellRecord[] = [];
    const { outcome } = await executeCell(ROOT, ref('syntax'), { preset: 'quick', onRecord: (r) => records.push(r) });
    expect(outcome.status).toBe('error');
    expect(records.filter((r) => r.type === 'error')).toEqual([
      expect.objectContaining({ kind: 'syntax', at: expect.objectContaining({ line: 2 }) }),
    ]);
  });

  it('runs a plain script outside notebooks/ without saving it', async () => {
    const result = await executeCell(ROOT, ref('plain'), { preset: 'quick', onRecord: () => {} });
    expect(result.outcome.status).toBe('done');
    expect(result.saved).toBeUndefined();
    expect(result.notSaved).toMatch(/not a chapter cell/);
  });
});
