// The comparison that decides a web service: sync workers against one event loop, both in front of
// a real database. Every request runs one query on the embedded PostgreSQL: a row by its primary
// key plus a 5 ms wait inside the database (`SELECT item.id, item.title FROM item, pg_sleep(0.005)
// WHERE item.id = $1`, lib/db-query.ts), so the database's own wait dominates each request.
//
// - sync-N: a cluster of N worker processes (4, as the essay's diagram; 10 in the full preset, as
//   many as the async pool has connections), each with one connection of its own, calling
//   pg-native's blocking `querySync`: a worker serves one request at a time, as a Flask + psycopg2
//   sync worker does. At most N queries are in progress.
// - async-M: one process, one event loop, a `pg.Pool` of M connections (pure JavaScript), the
//   handler awaiting the query. Every request is accepted at once, but at most M queries are in
//   progress; the rest wait in the pool's queue. That is the bottleneck the essay mentions in
//   passing ("a limit on the number of active database connections").
//
// Load: keep-alive connections (10, 100, 1,000), each sending its next request when the last is
// answered; requests/s, p50 and p99 latency, errors. A trial sends one request per connection, and
// at least 100 in all: at 10 connections that is 10 each, a steady closed loop; at 100 and 1,000 it
// is a burst, that many requests arriving at once (the essay's "100 requests at the same time"),
// each timed until it is answered. One request per connection, not two or three: a sync worker
// gets a new connection from the cluster primary only between two blocked queries and goes on
// serving the ones it has (keep-alive; gunicorn's sync workers close after each response), so with
// several requests per connection the first ones on each wait long and the later ones go straight
// through, and a median at the split between the two groups jumps from trial to trial.
// autocannon, not wrk, as in load-sweep.ts: wrk runs for whole seconds and drops the requests still
// queued when its time is up, which at 1,000 connections on 4 workers are the slowest ones;
// autocannon sends a fixed number and times every answer. The generator's ceiling (canned bytes, no
// database) is measured once per concurrency; rows within 10 % of it are marked generatorLimited.
// Servers are pinned to the server CPU, the generator to its own; PostgreSQL is not pinned
// (startDatabase has no such option), and its processes mostly sleep in pg_sleep.
// Left out for the budget: an async server on pg-native's non-blocking client (databases/drivers.ts
// compares the drivers themselves).
//
// Budget: each trial is short (a warm-up of one request per connection, then the measured ones):
// what it buys is 5 interleaved trials of 9 variants within the budget, an interval on every
// number; what it trades is a steady state at 100 and 1,000 connections, which keep-alive sync
// workers reach only after every connection has been handed over, one per blocked query. The
// generator is one autocannon process kept for the whole run (starting one per trial cost about
// 1 s each, a third of the run); the 18 processes of the three servers start on one core. A burst of 1,000 new connections
// also costs the servers seconds of CPU per trial (accepting, handing over, parsing), so the quick
// preset stops at 100 connections and skips the 10-worker server. The table fills while the servers
// start, and the log times each fixed phase (PostgreSQL up, servers up, ceiling measured).
import { readFileSync } from 'node:fs';
import pg from 'pg';
import type { RowData } from '../../core/protocol.ts';
import { hiField, loField } from '../../core/trials.ts';
import { cell, interleaved, z } from '../../runners/sdk.ts';
import type { RunningChild } from '../lib/child-server.ts';
import { detectPinning } from '../lib/cpus.ts';
import { describeLoadTool, openLoadGenerator } from '../lib/load.ts';
import { startDatabase } from '../lib/postgres.ts';
import { type DbDeploymentSpec, startDbDeployment } from './lib/db-deployments.ts';
import {
  connectionsNeeded,
  descriptorsNeeded,
  limitedByGenerator,
  openFilesLimit,
  POOL_KEY_FIELDS,
  type PoolVariant,
  poolKey,
  poolServers,
  poolVariants,
  requestsPerTrial,
} from './lib/db-pool-plan.ts';
import { itemTable } from './lib/db-query.ts';
import { metricRows } from './lib/sweep-rows.ts';

const KEYS = [...POOL_KEY_FIELDS];
const idOf = (r: RowData) => JSON.stringify(KEYS.map((k) => r[k] ?? null));

export default cell({
  title: 'Sync workers or one event loop, both in front of a database pool: 10 to 1,000 concurrent requests',
  params: z.object({
    concurrency: z.array(z.number().int().positive()).nonempty(),
    syncWorkers: z.array(z.number().int().positive()).nonempty(), // one sync server per entry
    poolSize: z.number().int().positive(), // the async server's pg.Pool
    waitMs: z.number().positive(), // pg_sleep inside each query
    rows: z.number().int().positive(),
    rounds: z.number().int().positive(), // measured requests per trial = concurrency × rounds (at least minRequests)
    minRequests: z.number().int().positive(),
    trials: z.number().int().positive(),
  }),
  presets: {
    quick: { concurrency: [10, 100], syncWorkers: [4], poolSize: 10, waitMs: 5, rows: 10_000, rounds: 1, minRequests: 100, trials: 2 },
    full: {
      concurrency: [10, 100, 1000],
      syncWorkers: [4, 10],
      poolSize: 10,
      waitMs: 5,
      rows: 10_000,
      rounds: 1,
      minRequests: 100,
      trials: 5,
    },
  },
  timeoutMs: 8 * 60_000,
  async run(ctx) {
    const { params, row, log, provenance, scratchDir } = ctx;
    const top = Math.max(...params.concurrency);
    const fds = openFilesLimit(readFileSync('/proc/self/limits', 'utf8'));
    if (fds !== undefined && fds < descriptorsNeeded(top, params.poolSize)) {
      throw new Error(
        `${top} connections need about ${descriptorsNeeded(top, params.poolSize)} open files, and the limit is ${fds}: raise it (ulimit -n 4096)`,
      );
    }
    const cpus = detectPinning();
    const servers = poolServers(params.syncWorkers, params.poolSize);
    const t0 = performance.now();
    const since = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
    const db = await startDatabase({ scratchDir, log, maxConnections: connectionsNeeded(servers) });
    log(`PostgreSQL up after ${since()}`);
    const running = new Map<string, RunningChild>();
    const generator = openLoadGenerator('autocannon', cpus.generator);
    try {
      const spec = (deployment: DbDeploymentSpec['deployment'], connections: number): DbDeploymentSpec => ({
        deployment,
        dbUrl: db.url,
        connections,
        waitMs: params.waitMs,
        rows: params.rows,
      });
      const wanted = [
        ...servers.map((s) => ({ key: s.series, spec: spec(s.deployment, s.dbConnections) })),
        { key: 'ceiling', spec: spec('ceiling', 0) },
      ];
      // Started side by side, while the table fills (a server connects at start, queries only when
      // loaded); any that started are stopped in `finally`.
      const filled = (async () => {
        const setup = new pg.Client(db.url);
        await setup.connect();
        try {
          for (const sql of itemTable(params.rows)) await setup.query(sql);
        } finally {
          await setup.end();
        }
      })();
      const started = await Promise.allSettled([
        filled,
        ...wanted.map(async (w) => running.set(w.key, await startDbDeployment(w.spec, cpus.server))),
      ]);
      const failed = started.find((s) => s.status === 'rejected');
      if (failed) throw failed.reason;
      log(`table filled and ${wanted.length} servers up after ${since()}`);

      const load = (key: string, concurrency: number) =>
        generator.run({
          url: running.get(key)!.url,
          connections: concurrency,
          requests: requestsPerTrial(concurrency, params.rounds, params.minRequests),
          warmupRequests: concurrency, // one per connection: every connection open, every pool connection made
          newConnectionPerRequest: false,
        });
      // The generator's ceiling at each concurrency, once: canned bytes, no database.
      const ceilings = new Map<number, number>();
      for (const c of params.concurrency) ceilings.set(c, (await load('ceiling', c)).requestsPerSec);
      await running.get('ceiling')!.stop();
      running.delete('ceiling');
      const ceilingText = params.concurrency.map((c) => `${Math.round(ceilings.get(c)!).toLocaleString('en')} req/s at ${c}`).join(', ');
      log(`generator ceiling (canned bytes): ${ceilingText}; measured after ${since()}`);
      provenance({
        database: db.server,
        loadGenerator: `${describeLoadTool('autocannon')}: keep-alive, ceiling ${ceilingText} connections`,
        pinned: `${cpus.describe}; every server process on the server CPU list; PostgreSQL not pinned`,
      });

      const totals = new Map<string, { requests: number; errors: number }>();
      const summaries = await interleaved(ctx, {
        trials: params.trials,
        variants: poolVariants(servers, params.concurrency),
        key: poolKey,
        async measure(v: PoolVariant) {
          const r = await load(v.series, v.concurrency);
          const errors = r.errors + r.non2xx;
          const sum = totals.get(idOf(poolKey(v))) ?? { requests: 0, errors: 0 };
          totals.set(idOf(poolKey(v)), { requests: sum.requests + r.requests, errors: sum.errors + errors });
          return { requestsPerSec: r.requestsPerSec, p50Ms: r.p50Ms, p99Ms: r.p99Ms, errors };
        },
      });
      for (const s of summaries) {
        const generatorLimited = limitedByGenerator(s.requestsPerSec as number, s.concurrency as number, ceilings);
        for (const r of metricRows(s, KEYS, { ...totals.get(idOf(s))!, generatorLimited })) row(r);
        const f = (m: string) => `${Number(s[m]).toFixed(1)} (${Number(s[loField(m)]).toFixed(1)}–${Number(s[hiField(m)]).toFixed(1)})`;
        log(
          `${s.series} c=${s.concurrency}: ${f('requestsPerSec')} req/s, p50 ${f('p50Ms')} ms, p99 ${f('p99Ms')} ms${generatorLimited ? ' (generator-limited)' : ''}`,
        );
      }
    } finally {
      await Promise.all([generator.stop(), ...[...running.values()].map((s) => s.stop())]);
      await db.stop();
    }
  },
});
