// The database-pool cell against a real (embedded) PostgreSQL, as CI runs it: a sync worker really
// blocks on its query (two requests to one worker take two waits), the async server answers from
// its pool, and the quick preset gives a row per server, concurrency and metric, each a median
// inside its interval over two trials, with no errors (which server serves more is the ledger's
// to judge, from full results); afterwards no PostgreSQL, server or generator is left, and the
// scratch folder is empty.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { runBench } from '../helpers/bench.ts';
import { isRunning } from '../helpers/process.ts';
import { postgresScratch, type PostgresScratch } from '../helpers/postgres-scratch.ts';
import { ResultsFile } from '../../core/protocol.ts';
import { hiField, loField } from '../../core/trials.ts';
import { startDatabase } from '../../notebooks/lib/postgres.ts';
import { startDbDeployment } from '../../notebooks/sync-vs-async/lib/db-deployments.ts';
import { itemTable } from '../../notebooks/sync-vs-async/lib/db-query.ts';

let pgScratch: PostgresScratch;
let scratch: string;
beforeAll(() => {
  pgScratch = postgresScratch();
  scratch = pgScratch.dir;
});
afterAll(() => pgScratch.remove());

/** PostgreSQL server processes whose data directory is in this test's scratch folder. */
const scratchPostgres = () => pgScratch.servers();

describe('the database deployments', () => {
  it('a sync worker blocks on its query; the async server answers from its pool; both stop completely', async () => {
    const dir = mkdtempSync(join(scratch, 'direct-'));
    chmodSync(dir, 0o755);
    const db = await startDatabase({ scratchDir: dir });
    try {
      const setup = new pg.Client(db.url);
      await setup.connect();
      for (const sql of itemTable(100)) await setup.query(sql);
      await setup.end();
      const spec = { dbUrl: db.url, waitMs: 200, rows: 100 };
      const sync = await startDbDeployment({ ...spec, deployment: 'sync', connections: 1 });
      const async = await startDbDeployment({ ...spec, deployment: 'async', connections: 2 });
      try {
        const twoAtOnce = async (url: string) => {
          const t0 = performance.now();
          const bodies = await Promise.all([fetch(url), fetch(url)].map(async (p) => (await p).json()));
          return { ms: performance.now() - t0, bodies };
        };
        const blocked = await twoAtOnce(sync.url);
        const byId = (bodies: Array<{ id: number }>) => [...bodies].sort((a, b) => a.id - b.id);
        expect(byId(blocked.bodies)).toEqual([
          { id: 1, title: 'item 1' },
          { id: 2, title: 'item 2' },
        ]);
        expect(blocked.ms).toBeGreaterThanOrEqual(390); // one worker, one connection: the second query waits for the first
        const pooled = await twoAtOnce(async.url);
        expect(byId(pooled.bodies)).toEqual([
          { id: 1, title: 'item 1' },
          { id: 2, title: 'item 2' },
        ]);
        expect(sync.workerPids).toHaveLength(1);
        expect(async.workerPids).toHaveLength(1);
      } finally {
        await Promise.all([sync.stop(), async.stop()]);
      }
      expect([...sync.pids, ...async.pids].filter(isRunning)).toEqual([]);
    } finally {
      await db.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    expect(scratchPostgres()).toEqual([]);
  });
});

describe('sync-vs-async/db-pool, quick preset through the CLI', () => {
  let box: Sandbox;
  beforeAll(() => {
    box = makeSandbox();
  });
  afterAll(() => box.remove());
  const leftovers = () =>
    spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' })
      .stdout.split('\n')
      .filter((l) => l.includes(box.dir) && /db-deployments|load\.ts/.test(l));

  it('measures every server at every concurrency on PostgreSQL, and leaves nothing behind', async () => {
    const r = await runBench(box.dir, ['sync-vs-async/db-pool', '--quick', '--replace'], { AM_SCRATCH_ROOT: scratch }, 150_000);
    expect(r.status, r.stderr).toBe(0);
    const results = ResultsFile.parse(JSON.parse(readFileSync(join(box.dir, 'public/results/sync-vs-async/db-pool.json'), 'utf8')));
    expect(results.provenance.database).toMatch(/^PostgreSQL \d+/);
    expect(results.provenance.loadGenerator).toMatch(/^autocannon .*ceiling/);

    const n = results.params.trials as number;
    expect(n).toBe(2);
    const levels = [...(results.params.concurrency as number[])].sort((a, b) => a - b);
    const series = [...(results.params.syncWorkers as number[]).map((w) => `sync-${w}`), `async-${results.params.poolSize}`];
    // A row per server, concurrency and metric; a trial per server and concurrency per round.
    expect(results.rows).toHaveLength(series.length * levels.length * 3);
    expect(results.trials).toHaveLength(series.length * levels.length * n);
    expect(new Set(results.trials.map((t) => t.trial))).toEqual(new Set(Array.from({ length: n }, (_, i) => i)));
    const value = (s: string, c: number, metric: string) => {
      const found = results.rows.filter((x) => x.series === s && x.concurrency === c && x.metric === metric);
      expect(found, `${s} c=${c} ${metric}`).toHaveLength(1);
      return found[0]!;
    };
    for (const s of series) {
      for (const c of levels) {
        const rps = value(s, c, 'requestsPerSec');
        const p50 = value(s, c, 'p50Ms');
        const p99 = value(s, c, 'p99Ms');
        expect(rps.value as number).toBeGreaterThan(0);
        expect(p99.value as number).toBeGreaterThanOrEqual(p50.value as number);
        expect(rps.deployment).toBe(s.startsWith('sync') ? 'sync' : 'async');
      }
    }
    for (const row of results.rows) {
      const where = JSON.stringify(row);
      expect(row.trials, where).toBe(n);
      expect(row.valueLo as number, where).toBeLessThanOrEqual(row.value as number);
      expect(row.value as number, where).toBeLessThanOrEqual(row.valueHi as number);
      expect(row.errors, where).toBe(0);
      expect(typeof row.generatorLimited, where).toBe('boolean');
    }
    for (const t of results.trials) {
      expect(t.p99Ms as number, JSON.stringify(t)).toBeGreaterThanOrEqual(t.p50Ms as number);
      expect(t[loField('requestsPerSec')]).toBeUndefined(); // trials are single measurements
      expect(t[hiField('requestsPerSec')]).toBeUndefined();
    }
    // Which server serves more is the ledger's to judge from full results: two short trials beside
    // the other test lane (a browser, a build) can flip the order, so no ranking is asserted here.

    expect(leftovers()).toEqual([]);
    expect(scratchPostgres()).toEqual([]);
    expect(readdirSync(scratch)).toEqual([]);
  }, 180_000);
});
