// Bulk load, threads vs one event loop. The essay loaded census data into PostgreSQL with the same
// SQL from threads, gevent and asyncio, at 15 to 350 connections, and threads won. Here, per input
// line and in one transaction: look up the geo record, select the segment's dictionary ids in order,
// insert one data element per value. The SQL is the same text for every variant (lib/schema.ts),
// each statement prepared once per connection.
//
// Measured honestly, with what that leaves out:
// - Two cores: parallelism (threads, processes) can give at most 2x here, and PostgreSQL runs on
//   the same two cores as the load (the essay's server was another laptop on the network), so every
//   variant competes with the server for CPU: client work per row costs the server rows.
// - rowsPerSec is the steady part of a run (lib/steady-rate.ts): the first 15% of it, or each
//   connection's first cold line if that ends later, and the tail once fewer than `concurrency`
//   lines are in flight, are left out, as the essay reported its runs part by part. A row's `steady`
//   is false when a run was too short to leave every connection's first line out.
// - Trials: at each concurrency, every variant is measured `trials` times, interleaved (threads,
//   pg Pool, postgres.js, per core; then again), so drift in the machine hits them alike; a row is
//   the median of its trials with a 95 % interval. Concurrencies run in increasing order (the
//   thread pool only grows), all of one before the next, so variants are compared within one stretch.
// - Each trial loads the same generated data set from the start into an empty data_element table
//   for at most `maxSeconds`, then stops taking lines; every connection is opened anew for it.
//   The full preset once loaded for 15 s per point, once; five trials of that would take 20 minutes,
//   so a trial is now 1.75 s (and the data set 200 000 elements, more than a trial ever loads): what that
//   trades away is the later part of a long load, when data_element has grown to a few hundred
//   thousand rows and its indexes have grown with it. A row's `capped` says the time box ended every
//   trial, and `rows` is the median of what they loaded (each checked against the table).
import { availableParallelism } from 'node:os';
import type { RowData } from '../../core/protocol.ts';
import { matches, summarizeTrials } from '../../core/trials.ts';
import { cell, z } from '../../runners/sdk.ts';
import { essayFigures } from '../lib/essay-figures.ts';
import { startDatabase } from '../lib/postgres.ts';
import { makeDataset } from './lib/dataset.ts';
import type { Variant } from './lib/drive.ts';
import { eventLoop } from './lib/event-loop.ts';
import { libpqThreads } from './lib/libpq-threads.ts';
import { pgPool } from './lib/load-pg.ts';
import { postgresJs } from './lib/load-postgresjs.ts';
import { perCore } from './lib/per-core.ts';
import { createSchema, resetElements } from './lib/schema.ts';
import { steadyRate } from './lib/steady-rate.ts';

const SEED = 2015;
const cores = availableParallelism();

export default cell({
  title: 'Bulk load: threads vs one event loop',
  params: z.object({
    rows: z.number().int().positive(), // data elements in the generated data set
    maxSeconds: z.number().positive(), // a trial stops taking input lines after this long
    concurrency: z.array(z.number().int().positive()).nonempty(),
    trials: z.number().int().positive(), // measurements of each variant at each concurrency, interleaved
  }),
  presets: {
    // Quick: a data set small enough that most trials load all of it in well under a second.
    quick: { rows: 8_000, maxSeconds: 2, concurrency: [15, 50, 120, 350], trials: 2 },
    full: { rows: 200_000, maxSeconds: 1.75, concurrency: [15, 50, 120, 350], trials: 5 },
  },
  timeoutMs: 20 * 60_000,
  async run(ctx) {
    const { params, row, reference, log, progress, provenance, scratchDir, signal } = ctx;
    for (const f of essayFigures('bulk-load')) {
      const part = f.metric === 'rows_per_sec_part1' ? 'part 1' : 'part 2';
      reference({ variant: `${f.variant}, essay 2015`, concurrency: 120, rowsPerSec: f.value, part });
    }
    const db = await startDatabase({ scratchDir, maxConnections: 400, log });
    provenance({ database: db.server, loadGenerator: `Node ${process.versions.node} on the same ${cores} cores` });
    try {
      const data = makeDataset(params.rows, SEED);
      log(`data set: ${data.lines.length} lines, ${data.rows} data elements, ${data.geos.length} geo records`);
      await createSchema(db.url, data);
      const concurrencies = [...params.concurrency].sort((a, b) => a - b); // the thread pool only grows
      const variants: Array<[string, Variant]> = [
        ['threads: blocking libpq (pg-native querySync), piscina', libpqThreads(db.url, data.lines, concurrencies.at(-1)!)],
        ['one event loop: pg Pool', eventLoop(db.url, data.lines, pgPool)],
        ['one event loop: postgres.js', eventLoop(db.url, data.lines, postgresJs)],
        [`one event loop per core (${cores} processes): pg Pool`, await perCore(db.url, params.rows, SEED)],
      ];
      const total = concurrencies.length * params.trials * variants.length;
      let done = 0;
      for (const concurrency of concurrencies) {
        const trials: RowData[] = [];
        for (let trial = 0; trial < params.trials; trial++) {
          for (const [variant, load] of variants) {
            if (signal.aborted) throw new Error('stopped');
            progress(done, total, `${variant}, ${concurrency} connections, trial ${trial + 1} of ${params.trials}`);
            const run = await load.run(concurrency, params.maxSeconds);
            const rows = run.completions.reduce((n, c) => n + c.rows, 0);
            const stored = await resetElements(db.url); // the next trial starts from an empty table
            if (stored !== rows) throw new Error(`${variant}: ${rows} rows reported, ${stored} in data_element`);
            const warmup = { fraction: 0.15, firstLines: concurrency };
            const steady = steadyRate(run.completions, run.start, run.drainedAt, warmup);
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
      }
      for (const [, load] of variants) await load.close();
    } finally {
      await db.stop();
    }
  },
});
