// Bulk load, threads vs one event loop. The essay loaded census data into PostgreSQL with the same
// SQL from threads, gevent and asyncio, at 15 to 350 connections, and threads won. Here, per input
// line and in one transaction: look up the geo record, select the segment's dictionary ids in order,
// insert one data element per value. The SQL is the same text for every variant (lib/schema.ts),
// each statement prepared once per connection.
//
// The essay's asyncio driver, aiopg, sat on psycopg2, a C library (libpq) underneath; pg and
// postgres.js parse the wire protocol in JavaScript. So one event loop runs over libpq too
// (pg-native's asynchronous API under the same pg Pool code): threads against that variant compare
// concurrency models with the same C client library, threads against pg compare drivers as well.
//
// Measured honestly, with what that leaves out:
// - Two cores: parallelism (threads, processes) can give at most 2x here, and PostgreSQL runs on
//   the same two cores as the load (the essay's server was another laptop on the network), so every
//   variant competes with the server for CPU: client work per row costs the server rows.
// - Connections are opened once per variant and concurrency, untimed, and each loads one line
//   before any trial (statements prepared, code warm); trials reuse them and time only loading.
//   So that trials can interleave, every variant's connections are open at once: at 350, five
//   times 350 PostgreSQL backends, the idle ones beside the one variant loading. Each snapshot the
//   loading backends take scans every backend, idle ones too: a small cost, which every variant
//   pays alike (a pg load at 15 connections beside 1,400 idle ones showed nothing beyond noise).
// - rowsPerSec counts data elements as their INSERTs return, over the steady part of a trial
//   (lib/steady-rate.ts): its first 15 %, while every connection starts its first line at once
//   (or, if later, until every connection has a line), is left out. When the time is up, each line
//   still in flight rolls back before its next INSERT (lib/drive.ts): the trial ends on time, and
//   data_element holds whole lines only, which `rows` counts (checked against the table).
// - Trials: at each concurrency, every variant is measured `trials` times, interleaved (threads,
//   pg, pg-native, postgres.js, per core; then again), so drift in the machine hits them alike; a
//   row is the median of its trials with a 95 % interval. Concurrencies run in increasing order
//   (the thread pool only grows), all of one before the next.
// - Each trial loads the generated data set from its start into an empty data_element table for
//   `maxSeconds`. The essay loaded a few million rows per run; the budget (the full preset within
//   150 s, a hundred trials plus connecting) allows 0.7 s per trial: what that trades away is the
//   later part of a long load, when data_element and its index have grown large, and some
//   precision. A row's `capped` says the time box ended every trial. The quick preset trades the
//   larger connection counts too (thread start-up dominates it): it checks structure, not ranks.
import { availableParallelism } from 'node:os';
import pg from 'pg';
import type { RowData } from '../../core/protocol.ts';
import { matches, summarizeTrials } from '../../core/trials.ts';
import { cell, z } from '../../runners/sdk.ts';
import { essayFigures } from '../lib/essay-figures.ts';
import { startDatabase } from '../lib/postgres.ts';
import { makeDataset } from './lib/dataset.ts';
import type { Connections, Variant } from './lib/drive.ts';
import { eventLoop } from './lib/event-loop.ts';
import { libpqThreads } from './lib/libpq-threads.ts';
import { pgNativePool, pgPool } from './lib/load-pg.ts';
import { postgresJs } from './lib/load-postgresjs.ts';
import { perCore } from './lib/per-core.ts';
import { createSchema, resetElements } from './lib/schema.ts';
import { steadyRate } from './lib/steady-rate.ts';

const SEED = 2015;
const cores = availableParallelism();

/** The essay's loaders as bulk-load-py's keys: which way, and which Python ran it. */
const ESSAY_WAYS: Record<string, [string, string]> = {
  'Python 2.7.8 threads': ['threads', '2.7'],
  'Python 3.4.1 threads': ['threads', '3.4'],
  'Python 2.7.8 gevent (psycogreen)': ['gevent', '2.7'],
  'Python 3.4.1 asyncio (aiopg)': ['aiopg', '3.4'],
};

export default cell({
  title: 'Bulk load: threads vs one event loop',
  params: z.object({
    rows: z.number().int().positive(), // data elements in the generated data set
    maxSeconds: z.number().positive(), // a trial stops taking input lines after this long
    concurrency: z.array(z.number().int().positive()).nonempty(),
    trials: z.number().int().positive(), // measurements of each variant at each concurrency, interleaved
  }),
  presets: {
    quick: { rows: 10_000, maxSeconds: 0.25, concurrency: [15, 30], trials: 2 },
    full: { rows: 200_000, maxSeconds: 0.7, concurrency: [15, 50, 120, 350], trials: 5 },
  },
  timeoutMs: 20 * 60_000,
  async run(ctx) {
    const { params, row, reference, log, progress, provenance, scratchDir, signal } = ctx;
    // The essay's figures, keyed as bulk-load-py's (which way, which Python, which part of the run):
    // a chart that joins both cells draws each figure once; the chart's labels name them.
    for (const f of essayFigures('bulk-load')) {
      const [variant, python] = ESSAY_WAYS[f.variant];
      const part = f.metric === 'rows_per_sec_part1' ? 1 : 2;
      reference({ variant, python, part, concurrency: 120, rowsPerSec: f.value, runtime: 'essay' });
    }
    const concurrencies = [...params.concurrency].sort((a, b) => a - b); // the thread pool only grows
    const most = concurrencies.at(-1)!;
    const db = await startDatabase({ scratchDir, maxConnections: 5 * most + 10, log });
    provenance({ database: db.server, loadGenerator: `Node ${process.versions.node} on the same ${cores} cores` });
    const admin = new pg.Client({ connectionString: db.url });
    const variants: Array<[string, Variant]> = [];
    try {
      await admin.connect();
      const data = makeDataset(params.rows, SEED);
      log(`data set: ${data.lines.length} lines, ${data.rows} data elements, ${data.geos.length} geo records`);
      await createSchema(db.url, data);
      variants.push(
        ['threads', libpqThreads(db.url, data.lines, most)], // blocking libpq (pg-native querySync), piscina
        ['pg', eventLoop(db.url, data.lines, pgPool)], // one event loop: pg Pool, pure JavaScript
        ['pg-native', eventLoop(db.url, data.lines, pgNativePool)], // one event loop: pg Pool over libpq, asynchronous
        ['postgres.js', eventLoop(db.url, data.lines, postgresJs)], // one event loop: postgres.js, pure JavaScript
        ['per-core', await perCore(db.url, params.rows, SEED)], // one pg event loop per core, `cores` processes
      );
      const total = concurrencies.length * params.trials * variants.length;
      let done = 0;
      for (const concurrency of concurrencies) {
        const open: Array<[string, Connections]> = [];
        try {
          // Untimed: each variant connects and loads a line on each connection (for at most 2 s).
          for (const [variant, load] of variants) {
            progress(done, total, `${variant}: opening ${concurrency} connections`);
            const connections = await load.open(concurrency);
            open.push([variant, connections]);
            await connections.run({ seconds: 2, maxLines: concurrency });
            await resetElements(admin);
          }
          const trials: RowData[] = [];
          for (let trial = 0; trial < params.trials; trial++) {
            for (const [variant, connections] of open) {
              if (signal.aborted) throw new Error('stopped');
              progress(done, total, `${variant}, ${concurrency} connections, trial ${trial + 1} of ${params.trials}`);
              const run = await connections.run({ seconds: params.maxSeconds });
              const rows = run.committedRows;
              const stored = await resetElements(admin); // the next trial starts from an empty table
              if (stored !== rows) throw new Error(`${variant}: ${rows} rows committed, ${stored} in data_element`);
              const steady = steadyRate(run.completions, run.start, run.drainedAt, { fraction: 0.15, rampedAt: run.rampedAt });
              const measured = {
                variant,
                concurrency,
                trial,
                rowsPerSec: Math.round(steady.rowsPerSec),
                rows,
                seconds: (run.end - run.start) / 1000,
                steadySeconds: steady.windowSeconds,
                steady: steady.steady,
                capped: rows < data.rows,
              };
              trials.push(measured);
              ctx.trial(measured);
              progress(++done, total);
            }
          }
          const measures = ['rowsPerSec', 'rows', 'seconds', 'steadySeconds'];
          for (const summary of summarizeTrials(trials, ['variant', 'concurrency'], measures)) {
            const mine = trials.filter((t) => matches(t, { variant: summary.variant ?? null, concurrency }));
            row({
              ...summary,
              steady: mine.every((t) => t.steady === true),
              capped: mine.every((t) => t.capped === true),
              runtime: `Node ${process.versions.node}`,
            });
          }
        } finally {
          for (const [, connections] of open) await connections.close();
        }
      }
    } finally {
      for (const [, load] of variants) await load.close();
      await admin.end();
      await db.stop();
    }
  },
});
