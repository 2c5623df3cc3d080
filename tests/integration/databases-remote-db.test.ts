// The remote-db cell as CI runs it: the quick preset against a real (embedded) PostgreSQL, through
// its delaying proxy. Structure and intervals; one direction only, the one the proxy guarantees
// (5 ms added per round trip slows sequential SELECT 1 clients); and nothing left behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSandbox, processesIn, type Sandbox } from '../helpers/sandbox.ts';
import { runBench } from '../helpers/bench.ts';
import { postgresScratch, type PostgresScratch } from '../helpers/postgres-scratch.ts';
import { ResultsFile } from '../../core/protocol.ts';
import type { RowData } from '../../core/protocol.ts';

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

/** Processes of this test's run: PostgreSQL with its data in the scratch folder, the proxy started from the sandbox. */
const leftovers = () => pg.leftovers((l) => l.includes('delay-proxy.ts') && l.includes(box.dir));

const LINKS = ['direct', 'proxy+0', 'proxy+1', 'proxy+5'];

describe('a database that is not next door (remote-db)', () => {
  it('measures both workloads both ways by every route, and leaves nothing running', async () => {
    const r = await runBench(box.dir, ['databases/remote-db', '--quick', '--replace'], { AM_SCRATCH_ROOT: scratch });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toMatch(/one client's SELECT 1 round trip .*direct .* ms, proxy\+0 .* ms/);
    const results = ResultsFile.parse(JSON.parse(readFileSync(join(box.dir, 'public/results/databases/remote-db.json'), 'utf8')));
    expect(results.provenance.database).toMatch(/^PostgreSQL \d+/);
    expect(results.provenance.pinned).toMatch(/delay proxy/);

    // One row per workload, connection count, route and model; each on the quick preset's trials.
    const trials = results.params.trials as number;
    const connections = results.params.connections as number[];
    expect(trials).toBe(2);
    expect(results.rows).toHaveLength(2 * connections.length * LINKS.length * 2);
    expect(results.trials).toHaveLength(results.rows.length * trials);
    expect(new Set(results.rows.map((x) => x.workload))).toEqual(new Set(['bulk-load', 'select1']));
    expect(new Set(results.rows.map((x) => x.model))).toEqual(new Set(['threads', 'loop']));
    expect(new Set(results.rows.map((x) => x.link))).toEqual(new Set(LINKS));
    for (const row of results.rows) {
      expect(row.trials, JSON.stringify(row)).toBe(trials);
      const measures = row.workload === 'select1' ? ['throughput', 'proxyCpu', 'msPerQuery'] : ['throughput', 'proxyCpu'];
      for (const m of measures) {
        const [lo, mid, hi] = [row[`${m}Lo`], row[m], row[`${m}Hi`]] as number[];
        expect(lo, `${m} in ${JSON.stringify(row)}`).toBeLessThanOrEqual(mid);
        expect(mid, `${m} in ${JSON.stringify(row)}`).toBeLessThanOrEqual(hi);
      }
      expect(row.throughput as number, JSON.stringify(row)).toBeGreaterThan(0);
      expect(row.proxyCpu as number).toBeGreaterThanOrEqual(0);
      if (row.workload === 'bulk-load') expect(typeof row.steady).toBe('boolean');
    }
    for (const t of results.trials) expect(t.throughput as number, JSON.stringify(t)).toBeGreaterThan(0);

    // The proxy never releases a chunk early: through 5 ms, a sequential client's query takes at
    // least about 5 ms (a little less only at the edges of the counting window) ...
    const select1 = (where: RowData) =>
      results.trials.filter((t) => t.workload === 'select1' && Object.entries(where).every(([k, v]) => t[k] === v));
    for (const t of select1({ link: 'proxy+5' })) expect(t.msPerQuery as number, JSON.stringify(t)).toBeGreaterThan(4.5);
    // ... so 5 ms added is slower than none, for threads and for the event loop alike.
    for (const model of ['threads', 'loop']) {
      const row = (link: string) =>
        results.rows.find((x) => x.workload === 'select1' && x.model === model && x.link === link && x.connections === connections[0])!;
      expect(row('proxy+5').throughput as number, model).toBeLessThan(row('proxy+0').throughput as number);
    }

    expect(leftovers()).toEqual([]);
    expect(processesIn(box.dir)).toEqual([]);
    expect(readdirSync(scratch)).toEqual([]);
  }, 180_000);
});
