// Where does a driver's time go? The same small INSERT + SELECT round trips through a pure
// JavaScript driver (pg) and through libpq, PostgreSQL's C library (pg-native): how much of the
// wall time is this process computing, how much is the kernel working for it (socket calls), and
// how much is it waiting on the server?
//
// The essay's "two thirds computing" came from a profiled run of PyMySQL: the profiler's own
// overhead is in that figure. Here nothing is profiled; process.cpuUsage() reports user and system
// CPU apart, so the kernel's socket work is not counted as the driver computing.
import pg from 'pg';
import Native from 'pg-native';
import { cell, interleaved, z } from '../../runners/sdk.ts';
import { startDatabase } from '../lib/postgres.ts';
import { essayFigure } from '../lib/essay-figures.ts';
import { cpuSplit, partRows } from './lib/cpu-split.ts';

const INSERT = 'INSERT INTO note (title, body) VALUES ($1, $2) RETURNING id';
const SELECT = 'SELECT title, body FROM note WHERE id = $1';

type Driver = { key: string; open(url: string): Promise<(sql: string, args: unknown[]) => unknown>; close(): Promise<void> | void };

const drivers = (): Driver[] => {
  let js: pg.Client, nat: pg.Client, sync: Native;
  return [
    {
      key: 'pg', // pure JavaScript
      open: async (url) => ((js = new pg.Client(url)), await js.connect(), (q, a) => js.query(q, a)),
      close: () => js.end(),
    },
    {
      key: 'pg-native', // libpq, asynchronous
      open: async (url) => ((nat = new pg.native!.Client(url)), await nat.connect(), (q, a) => nat.query(q, a)),
      close: () => nat.end(),
    },
    {
      key: 'pg-native-sync', // libpq, blocking
      open: async (url) => ((sync = new Native()), sync.connectSync(url), (q, a) => sync.querySync(q, a as string[])),
      close: () => sync.end(),
    },
  ];
};

/** n INSERTs, each followed by a SELECT of the row it made: 2n round trips. */
async function insertAndSelect(query: (sql: string, args: unknown[]) => unknown, n: number) {
  for (let i = 0; i < n; i++) {
    const inserted = (await query(INSERT, [`note ${i}`, 'x'.repeat(100)])) as { rows: Array<{ id: number }> } | Array<{ id: number }>;
    await query(SELECT, [Array.isArray(inserted) ? inserted[0].id : inserted.rows[0].id]);
  }
}

export default cell({
  title: 'A pure-JavaScript driver vs libpq: CPU vs waiting',
  params: z.object({
    roundTrips: z.number().int().positive(), // per trial
    trials: z.number().int().positive(), // measurements of each driver, interleaved
  }),
  // One timed run of 20 000 round trips per driver became five interleaved trials of 6 000: the
  // full run stays under a minute, and each trial is still a few seconds of steady round trips.
  presets: { quick: { roundTrips: 1_000, trials: 2 }, full: { roundTrips: 6_000, trials: 5 } },
  timeoutMs: 10 * 60_000,
  async run(ctx) {
    const { params, row, reference, log, scratchDir, provenance } = ctx;
    // The essay's profile of PyMySQL over a network: 8.7 s on the socket of 24 s in execute.
    const socket = essayFigure('driver-cpu-vs-io', 'PyMySQL socket time', 'socket_time').value;
    const total = essayFigure('driver-cpu-vs-io', 'PyMySQL total execute', 'profiled_time').value;
    const essay = 'essay-pymysql';
    reference({ driver: essay, part: 'user', share: (total - socket) / total, seconds: total - socket });
    reference({ driver: essay, part: 'socket-and-server', share: socket / total, seconds: socket });

    const db = await startDatabase({ scratchDir, log });
    provenance({ database: db.server });
    const setup = new pg.Client(db.url);
    const list = drivers();
    const opened: Array<[Driver, (sql: string, args: unknown[]) => unknown]> = [];
    try {
      await setup.connect();
      await setup.query('CREATE TABLE note (id serial PRIMARY KEY, title text NOT NULL, body text NOT NULL)');
      // Every driver connected and warmed up (JIT, connection, plan cache) before any is timed.
      for (const driver of list) {
        const query = await driver.open(db.url);
        opened.push([driver, query]);
        await insertAndSelect(query, params.roundTrips / 10);
      }
      const summaries = await interleaved(ctx, {
        trials: params.trials,
        variants: opened,
        key: ([driver]) => ({ driver: driver.key }),
        async measure([, query]) {
          await setup.query('TRUNCATE note'); // every trial inserts into an empty table
          const wall0 = performance.now();
          const cpu0 = process.cpuUsage();
          await insertAndSelect(query, params.roundTrips / 2);
          const cpu = process.cpuUsage(cpu0);
          return { ...cpuSplit((performance.now() - wall0) / 1000, cpu) };
        },
      });
      for (const summary of summaries) {
        const key = { driver: summary.driver ?? null, roundTrips: params.roundTrips, runtime: `Node ${process.versions.node}` };
        for (const r of partRows(summary, key)) row(r);
      }
    } finally {
      for (const [driver] of opened) await driver.close();
      await setup.end();
      await db.stop();
    }
  },
});
