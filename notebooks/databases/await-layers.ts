// Tens of awaits per query? Bayer's point 2: each `yield from` costs about a function call, and an
// async stack puts several between the application and the socket; his critics answered that the
// database call dwarfs them. Here one round trip (SELECT 1 on the embedded PostgreSQL) is made
// through 0, 10 and 30 layers of async functions, each awaiting the next, as an ORM's or a
// service's layers would; and, for comparison, through as many plain functions around a blocking
// call, where a layer is just a call. How much does a layer add, next to the round trip?
//
// A trial times one driver's layer counts against each other: they take turns in blocks of 100
// queries, one query at a time, on a connection opened (and warmed up) before any trial, until
// each has made `queries` (finer than the SDK's variant-by-variant interleaving: a layer costs far
// less than the round trip drifts from one second to the next). Drivers take turns trial by trial.
// A layer's cost is its trial's time per query minus the same trial's time through no layers,
// divided by the layers; layerPercent is that cost in per cent of the bare query. Loopback is the
// shortest round trip there is: over a network the same layers would weigh less.
// Budget: 8,000 queries per layer count and trial, about 25 s for the whole cell on two quiet
// cores; fewer queries widen the intervals of a cost per layer that is a few per cent of a query.
import type { RowData } from '../../core/protocol.ts';
import { summarizeTrials } from '../../core/trials.ts';
import { cell, z } from '../../runners/sdk.ts';
import { startDatabase } from '../lib/postgres.ts';
import { alternate, type Loop } from './lib/alternate.ts';
import { asyncLayers, layerCost, syncLayers } from './lib/layers.ts';
import { openSelectOne, type SelectOne } from './lib/select-one.ts';

const BLOCK = 100; // queries in a turn

/** A loop of n queries through `depth` layers: awaited one at a time, or called one after another. */
function layered(driver: SelectOne, depth: number): Loop {
  if (driver.blocking) {
    const query = syncLayers(driver.query, depth);
    return (n) => {
      for (let i = 0; i < n; i++) query();
    };
  }
  const query = asyncLayers(driver.query, depth);
  return async (n) => {
    for (let i = 0; i < n; i++) await query();
  };
}

export default cell({
  title: 'Awaits per query: one round trip through layers of async functions',
  params: z.object({
    queries: z.number().int().positive(), // per layer count in a trial (rounded up to whole turns of 100)
    layers: z
      .array(z.number().int().nonnegative())
      .refine((l) => l.includes(0), 'include 0: the bare query each layer count is measured against'),
    trials: z.number().int().positive(), // per driver, drivers interleaved
  }),
  // Full: about 2 s of round trips per trial, 15 trials; quick: a tenth of that, twice.
  presets: {
    quick: { queries: 1_000, layers: [0, 10, 30], trials: 2 },
    full: { queries: 8_000, layers: [0, 10, 30], trials: 5 },
  },
  timeoutMs: 10 * 60_000,
  async run(ctx) {
    const { params, row, log, progress, scratchDir, provenance, signal } = ctx;
    const db = await startDatabase({ scratchDir, log });
    provenance({ database: db.server });
    const drivers = await openSelectOne(db.url);
    try {
      const depths = [...new Set(params.layers)].sort((a, b) => a - b);
      const rounds = Math.ceil(params.queries / BLOCK);
      const loops = drivers.map((driver) => depths.map((depth) => layered(driver, depth)));
      for (const loop of loops) await alternate(loop, Math.ceil(rounds / 4), BLOCK); // untimed: code compiled, connection warm
      const trials: RowData[] = [];
      for (let trial = 0; trial < params.trials; trial++) {
        for (const [d, driver] of drivers.entries()) {
          if (signal.aborted) throw new Error('stopped');
          progress(trial * drivers.length + d, params.trials * drivers.length, `${driver.variant}, trial ${trial + 1} of ${params.trials}`);
          const msPerQuery = await alternate(loops[d], rounds, BLOCK);
          const bare = msPerQuery[depths.indexOf(0)] * 1000;
          for (const [k, depth] of depths.entries()) {
            const usPerQuery = msPerQuery[k] * 1000;
            const data = {
              variant: driver.variant,
              layers: depth,
              trial,
              usPerQuery,
              ...(depth > 0 ? layerCost(usPerQuery, bare, depth) : {}),
            };
            trials.push(data);
            ctx.trial(data);
          }
        }
      }
      progress(params.trials * drivers.length, params.trials * drivers.length);
      for (const summary of summarizeTrials(trials, ['variant', 'layers'], ['usPerQuery', 'nsPerLayer', 'layerPercent'])) {
        const measured = Object.entries(summary).filter(([, v]) => !(typeof v === 'number' && Number.isNaN(v))); // no layers, no cost per layer
        row({ ...Object.fromEntries(measured), queries: rounds * BLOCK, runtime: `Node ${process.versions.node}` });
      }
    } finally {
      for (const driver of drivers) await driver.close();
      await db.stop();
    }
  },
});
