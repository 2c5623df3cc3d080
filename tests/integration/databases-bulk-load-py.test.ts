// Bayer's bulk load on CPython (a Python cell) through the real CLI in a sandbox: the quick preset
// on the system's python3 against the embedded PostgreSQL, stored where the chapter's chart reads
// it. Structure only: every way of loading at every connection count, keyed as the TypeScript
// bulk-load cell keys its rows, the essay's figures beside them, and the lib modules in the stale
// hash. No timing, and no direction: on two shared cores the quick preset cannot rank the ways.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { runBench } from '../helpers/bench.ts';
import { ResultsFile } from '../../core/protocol.ts';

const CELL = 'databases/bulk-load-py';
const RESULTS = `public/results/${CELL}.json`;
const WAYS = ['threads', 'gevent', 'aiopg', 'asyncpg'];

let box: Sandbox;
beforeAll(() => {
  box = makeSandbox();
});
afterAll(() => box.remove());

describe('databases/bulk-load-py on CPython', () => {
  it('loads with every way at every connection count, keyed like the TypeScript cell', async () => {
    // --replace: a quick run replaces stored full results only when asked to (a sandbox: nothing real is touched).
    const r = await runBench(box.dir, [CELL, '--quick', '--replace']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/databases\/bulk-load-py\s+ok\s+8\s/);
    const results = ResultsFile.parse(JSON.parse(readFileSync(join(box.dir, RESULTS), 'utf8')));
    expect(results.provenance.runtime).toBe('cpython');
    expect(results.provenance.database).toMatch(/PostgreSQL/);
    expect(results.hash.inputs).toEqual(
      expect.arrayContaining([
        'notebooks/databases/bulk-load-py.py',
        'notebooks/databases/lib/bulk_child.py',
        'notebooks/databases/lib/bulk_data.py',
        'notebooks/lib/plumbing.py',
      ]),
    );

    // Interleaved: at each count, trial 0 of every way, then trial 1 of every way.
    const order = results.trials.map((t) => `${t.concurrency}/${t.trial}/${t.variant}`);
    expect(order).toEqual([15, 50].flatMap((c) => [0, 1].flatMap((t) => WAYS.map((w) => `${c}/${t}/${w}`))));
    expect(results.rows.map((x) => `${x.variant}@${x.concurrency}`)).toEqual([15, 50].flatMap((c) => WAYS.map((w) => `${w}@${c}`)));
    for (const row of results.rows) {
      expect(row.runtime).toBe('cpython');
      expect(row.trials).toBe(2);
      expect(typeof row.steady).toBe('boolean');
      expect(row.capped).toBe(true); // 0.3 s never loads the whole data set
      expect(row.rowsPerSecLo as number).toBeLessThanOrEqual(row.rowsPerSec as number);
      expect(row.rowsPerSec as number).toBeLessThanOrEqual(row.rowsPerSecHi as number);
    }
    // The run stored rows (each trial's count was checked against data_element by the cell itself).
    // Not per trial: on a busy machine a 0.3 s quick trial may commit nothing, as in the TS test.
    expect(results.trials.reduce((sum, t) => sum + (t.rows as number), 0)).toBeGreaterThan(0);

    // The essay's figures at 120 connections, keyed alike.
    expect(results.reference).toHaveLength(8);
    for (const ref of results.reference) {
      expect(ref.runtime).toBe('essay');
      expect(ref.concurrency).toBe(120);
      expect(['threads', 'gevent', 'aiopg']).toContain(ref.variant);
    }
    expect(results.reference.find((x) => x.variant === 'aiopg' && x.part === 2)?.rowsPerSec).toBe(10_000);
  });
});
