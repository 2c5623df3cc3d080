// The front-end + thread-pool cell of the databases chapter, quick preset through the real CLI,
// against an embedded PostgreSQL: every form at every concurrency beside the generator's ceiling,
// each metric's median inside its interval over the preset's trials, no request failed, no form
// capped by the generator, and nothing left running afterwards (no PostgreSQL, no
// server process or worker, no scratch data).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { runBench } from '../helpers/bench.ts';
import { postgresScratch, type PostgresScratch } from '../helpers/postgres-scratch.ts';
import { ResultsFile } from '../../core/protocol.ts';

let box: Sandbox;
let pg: PostgresScratch;
let scratch: string;
beforeAll(() => {
  box = makeSandbox();
  pg = postgresScratch();
  scratch = pg.dir;
});
afterAll(() => {
  box.remove();
  pg.remove();
});

/** Processes of this test's run still alive: PostgreSQL on its scratch folder, the sandbox's servers and load generators. */
const leftovers = () => pg.leftovers((l) => l.includes(box.dir) && /front-end|load\.ts/.test(l));

describe('databases/front-end-pool, quick preset', () => {
  it('measures every form at every concurrency beside the ceiling, and leaves nothing behind', async () => {
    const r = await runBench(box.dir, ['databases/front-end-pool', '--quick', '--replace'], { AM_SCRATCH_ROOT: scratch }, 300_000);
    expect(r.status, r.stderr).toBe(0);
    const results = ResultsFile.parse(JSON.parse(readFileSync(join(box.dir, 'public/results/databases/front-end-pool.json'), 'utf8')));
    const { params, rows, trials, provenance } = results;
    expect(provenance.database).toMatch(/^PostgreSQL \d+/);
    expect(provenance.loadGenerator).toMatch(/keep-alive.*ceiling/);

    // Keys, not display words: three forms × each concurrency × three metrics; the ceiling has no rows.
    const forms = ['async', 'sync', 'frontend-pool'];
    const concurrencies = params.concurrency as number[];
    expect(concurrencies).toContain(64); // the concurrency the chapter's prose quotes, in both presets
    expect(new Set(rows.map((x) => x.form))).toEqual(new Set(forms));
    expect(new Set(rows.map((x) => x.concurrency))).toEqual(new Set(concurrencies));
    expect(new Set(rows.map((x) => x.metric))).toEqual(new Set(['requestsPerSec', 'p50Ms', 'p99Ms']));
    expect(rows).toHaveLength(forms.length * concurrencies.length * 3);

    // Each row: the median of the preset's trials, inside its interval; no request failed.
    const n = params.trials as number;
    expect(n).toBe(2);
    for (const row of rows) {
      const where = JSON.stringify(row);
      expect(row.trials, where).toBe(n);
      expect(row.valueLo as number, where).toBeLessThanOrEqual(row.value as number);
      expect(row.value as number, where).toBeLessThanOrEqual(row.valueHi as number);
      expect(row.value as number, where).toBeGreaterThan(0);
      expect(row.failed, where).toBe(0); // no request failed in the business logic
      expect(row.errors as number, where).toBeGreaterThanOrEqual(0); // socket errors and wrk's timeouts: load, not logic
      expect(typeof row.generatorLimited, where).toBe('boolean');
    }

    // Trials: one per form (and the ceiling) and concurrency in each round, numbered 0..n-1, each with its three measures.
    expect(trials).toHaveLength((forms.length + 1) * concurrencies.length * n);
    expect(new Set(trials.map((t) => t.form))).toEqual(new Set(['ceiling', ...forms]));
    expect(new Set(trials.map((t) => t.trial))).toEqual(new Set(Array.from({ length: n }, (_, i) => i)));
    for (const t of trials) for (const m of ['requestsPerSec', 'p50Ms', 'p99Ms']) expect(t[m], JSON.stringify(t)).toBeGreaterThan(0);

    // Each form's rows carry the ceiling at their concurrency; canned bytes outrun a transaction per
    // request by an order of magnitude, so no form here is generator-limited.
    for (const row of rows.filter((x) => x.metric === 'requestsPerSec')) {
      expect(row.ceilingRequestsPerSec as number, JSON.stringify(row)).toBeGreaterThan(row.value as number);
      expect(row.generatorLimited, JSON.stringify(row)).toBe(false);
    }

    expect(leftovers()).toEqual([]);
    expect(readdirSync(scratch)).toEqual([]);
  }, 320_000);
});
