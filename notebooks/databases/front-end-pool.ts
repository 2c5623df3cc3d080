// The arrangement Bayer recommends at the end of the essay: a non-blocking front end receiving the
// HTTP requests, and the business logic, written plainly with blocking database calls, behind a
// thread pool (his example: nginx with uWSGI). Here, beside the two pure forms:
// - async:         one event loop; the handler awaits pg and does its CPU work on the loop;
// - sync:          `connections` worker processes (cluster), each blocking for a whole request;
// - frontend-pool: one event loop for HTTP, each request run by a piscina pool of `connections`
//                  worker threads, each with its own blocking libpq connection (pg-native querySync).
// Every form holds `connections` database connections and runs the same business logic
// (lib/business.ts, once awaiting, once blocking, the same statements): in one transaction, SELECT
// the `rows` items of a random category, rank them (about `cpuMs` of JSON and array work, calibrated
// here to a fixed number of rounds), UPDATE the best `updates` of them, COMMIT (without waiting for
// the disk: synchronous_commit is off in every session, so no form waits on this machine's fsync).
// The mix is a parameter: more rows, more updates or more CPU change which part dominates.
//
// Load: wrk with keep-alive at each concurrency, pinned to the generator CPU; every form's processes
// and threads on the server CPU list (CPU 0 of 2: so threads and processes bring no parallelism here,
// they only overlap the database waits); PostgreSQL unpinned. In every trial a canned-bytes
// responder measures the generator's ceiling at each concurrency; each form's rows carry it
// (ceilingRequestsPerSec), and a form within 10 % of it is marked generatorLimited, never ranked.
//
// Budget: the servers start once; each trial runs every form at every concurrency for `seconds`
// (2 s full, 1 s quick) and the ceiling for 1 s, interleaved: 5 trials full (about two minutes), 2
// quick at one concurrency (the one the chapter quotes). Traded: wrk stops at whole seconds and does
// not count requests still in flight, and a 2-second trial at 256 connections is a few requests per
// connection, so there a trial is mostly the queue filling up, and its p99 leaves the slowest out.
import { cell, interleaved, z } from '../../runners/sdk.ts';
import { detectPinning } from '../lib/cpus.ts';
import { describeLoadTool, installedLoadTools, runLoad, toolOrFallback } from '../lib/load.ts';
import { startDatabase } from '../lib/postgres.ts';
import pg from 'pg';
import { createCatalogue, type Mix } from './lib/business.ts';
import { calibrateRounds, sampleItems } from './lib/business-work.ts';
import { type Form, startFrontEnd } from './lib/front-end-server.ts';
import { CEILING, frontEndRows } from './lib/front-end-rows.ts';
import { untilIdle } from './lib/settle.ts';

const FORMS: Form[] = ['async', 'sync', 'frontend-pool'];
const CATEGORIES = 1_000;

export default cell({
  title: 'A non-blocking front end with blocking business logic in a thread pool, beside pure async and pure sync',
  params: z.object({
    concurrency: z.array(z.number().int().positive()).nonempty(), // keep-alive connections from wrk
    seconds: z.number().int().positive(), // wrk -d per trial of a form
    ceilingSeconds: z.number().int().positive(), // wrk -d per trial of the ceiling
    connections: z.number().int().positive(), // database connections per form: pool size, processes, threads
    rows: z.number().int().positive(), // the mix: items read per request
    updates: z.number().int().min(0), // the mix: items updated per request
    cpuMs: z.number().nonnegative(), // the mix: CPU work per request, calibrated
    trials: z.number().int().positive(),
  }),
  presets: {
    quick: { concurrency: [64], seconds: 1, ceilingSeconds: 1, connections: 4, rows: 10, updates: 1, cpuMs: 1, trials: 2 },
    full: { concurrency: [16, 64, 256], seconds: 2, ceilingSeconds: 1, connections: 4, rows: 10, updates: 1, cpuMs: 1, trials: 5 },
  },
  timeoutMs: 8 * 60_000,
  async run(ctx) {
    const { params, row, log, provenance, scratchDir } = ctx;
    const cpus = detectPinning();
    const tool = toolOrFallback('wrk', installedLoadTools());
    const mix: Mix = {
      rows: params.rows,
      updates: Math.min(params.updates, params.rows),
      rounds: calibrateRounds(params.cpuMs, sampleItems(params.rows)),
    };
    log(
      `a request: SELECT ${mix.rows} items, ${mix.rounds} rounds of ranking (≈${params.cpuMs} ms here), UPDATE ${mix.updates}, in one transaction`,
    );

    const t0 = performance.now();
    const db = await startDatabase({ scratchDir, log, maxConnections: FORMS.length * params.connections + 10 });
    const setup = new pg.Client(db.url);
    const servers = new Map<Form | typeof CEILING, Awaited<ReturnType<typeof startFrontEnd>>>();
    try {
      await setup.connect();
      await createCatalogue(setup, { categories: CATEGORIES, perCategory: params.rows });
      const spec = { dbUrl: db.url, mix, categories: CATEGORIES, connections: params.connections };
      const started = await Promise.allSettled(
        [CEILING, ...FORMS].map(async (form) => servers.set(form, await startFrontEnd({ ...spec, form }, cpus.server))),
      );
      const failed = started.find((s) => s.status === 'rejected');
      if (failed) throw failed.reason;

      log(`database and servers up after ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      // Each run, then the wait until the server has answered what wrk left queued (lib/settle.ts).
      const load = async (form: Form | typeof CEILING, connections: number, seconds: number) => {
        const result = await runLoad({
          url: servers.get(form)!.url,
          connections,
          requests: Math.max(connections * 4, seconds * 1000), // autocannon only, when wrk is missing
          wrkSeconds: seconds,
          newConnectionPerRequest: false,
          cpus: cpus.generator,
          tool,
        });
        if (form !== CEILING) await untilIdle(servers.get(form)!.pids); // canned bytes leave no backlog
        return result;
      };
      // Unrecorded: warms each form's JIT, its pool and its database connections.
      for (const form of FORMS) await load(form, Math.max(...params.concurrency), 1);
      log(`warmed up after ${((performance.now() - t0) / 1000).toFixed(1)} s`);

      const variants = params.concurrency.flatMap((concurrency) => [CEILING, ...FORMS].map((form) => ({ form, concurrency })));
      // Over all trials of a variant: socket errors and timeouts (wrk gives up on a request after 2 s), and 5xx answers.
      const errors = new Map<string, { errors: number; failed: number }>();
      const summaries = await interleaved(ctx, {
        trials: params.trials,
        variants,
        key: (v) => ({ form: v.form, concurrency: v.concurrency }),
        async measure(v) {
          const r = await load(v.form, v.concurrency, v.form === CEILING ? params.ceilingSeconds : params.seconds);
          const id = `${v.form} ${v.concurrency}`;
          const sum = errors.get(id) ?? { errors: 0, failed: 0 };
          errors.set(id, { errors: sum.errors + r.errors, failed: sum.failed + r.non2xx });
          return { requestsPerSec: r.requestsPerSec, p50Ms: r.p50Ms, p99Ms: r.p99Ms };
        },
      });
      for (const r of frontEndRows(summaries, (s) => errors.get(`${s.form} ${s.concurrency}`) ?? {})) row(r);
      const f = (s: (typeof summaries)[number], m: string) =>
        `${Number(s[m]).toFixed(1)} (${Number(s[`${m}Lo`]).toFixed(1)}–${Number(s[`${m}Hi`]).toFixed(1)})`;
      for (const s of summaries)
        log(`${s.form} at ${s.concurrency}: ${f(s, 'requestsPerSec')} requests/s, p50 ${f(s, 'p50Ms')} ms, p99 ${f(s, 'p99Ms')} ms`);

      const ceilings = summaries
        .filter((s) => s.form === CEILING)
        .map((s) => `${Math.round(s.requestsPerSec as number)} requests/s at ${s.concurrency}`);
      provenance({
        database: db.server,
        loadGenerator: `${describeLoadTool(tool)}: keep-alive, ${params.seconds} s per trial of a form, ${params.trials} interleaved trials; its ceiling (canned bytes): ${ceilings.join(', ')}`,
        pinned: `${cpus.describe}; every form's processes and threads on the server CPU list; PostgreSQL not pinned`,
      });
    } finally {
      await Promise.all([...servers.values()].map((s) => s.stop()));
      await setup.end().catch(() => {});
      await db.stop();
    }
  },
});
