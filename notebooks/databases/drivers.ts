// Where does a driver's time go? The same small INSERT + SELECT round trips through a pure
// JavaScript driver (pg) and through libpq, PostgreSQL's C library (pg-native): how much of the
// wall time is this process computing, and how much is it waiting on the socket and the server?
import pg from 'pg';
import Native from 'pg-native';
import { cell, z } from '../../runners/sdk.ts';
import { startDatabase } from '../lib/postgres.ts';
import { essayFigure } from '../lib/essay-figures.ts';

const INSERT = 'INSERT INTO note (title, body) VALUES ($1, $2) RETURNING id';
const SELECT = 'SELECT title, body FROM note WHERE id = $1';

type Driver = { name: string; open(url: string): Promise<(sql: string, args: unknown[]) => unknown>; close(): Promise<void> | void };

const drivers = (): Driver[] => {
  let js: pg.Client, nat: pg.Client, sync: Native;
  return [
    { name: 'pg (pure JavaScript)', open: async (url) => ((js = new pg.Client(url)), await js.connect(), (q, a) => js.query(q, a)), close: () => js.end() },
    { name: 'pg-native (libpq, async)', open: async (url) => ((nat = new pg.native!.Client(url)), await nat.connect(), (q, a) => nat.query(q, a)), close: () => nat.end() },
    { name: 'pg-native (libpq, blocking)', open: async (url) => ((sync = new Native()), sync.connectSync(url), (q, a) => sync.querySync(q, a as string[])), close: () => sync.end() },
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
  params: z.object({ roundTrips: z.number().int().positive() }),
  presets: { quick: { roundTrips: 2_000 }, full: { roundTrips: 20_000 } },
  timeoutMs: 10 * 60_000,
  async run({ params, row, reference, progress, log, scratchDir, provenance }) {
    // The essay's profile of PyMySQL over a network: 8.7 s on the socket of 24 s in execute.
    const socket = essayFigure('driver-cpu-vs-io', 'PyMySQL socket time', 'socket_time').value;
    const total = essayFigure('driver-cpu-vs-io', 'PyMySQL total execute', 'profiled_time').value;
    const essayDriver = 'PyMySQL over a network (essay, 2015)';
    reference({ driver: essayDriver, part: 'computing in the client', share: (total - socket) / total, seconds: total - socket });
    reference({ driver: essayDriver, part: 'waiting on socket and server', share: socket / total, seconds: socket });

    const db = await startDatabase({ scratchDir, log });
    provenance({ database: db.server });
    try {
      const setup = new pg.Client(db.url);
      await setup.connect();
      await setup.query('CREATE TABLE note (id serial PRIMARY KEY, title text NOT NULL, body text NOT NULL)');
      await setup.end();
      const list = drivers();
      for (const [i, driver] of list.entries()) {
        const query = await driver.open(db.url);
        await insertAndSelect(query, params.roundTrips / 10); // warm-up: JIT, connection, plan cache
        const wall0 = performance.now();
        const cpu0 = process.cpuUsage();
        await insertAndSelect(query, params.roundTrips / 2);
        const cpu = process.cpuUsage(cpu0);
        const wallS = (performance.now() - wall0) / 1000;
        const cpuS = Math.min(wallS, (cpu.user + cpu.system) / 1e6);
        await driver.close();
        const common = { driver: driver.name, roundTrips: params.roundTrips, wallSeconds: wallS, runtime: `Node ${process.versions.node}` };
        row({ ...common, part: 'computing in the client', share: cpuS / wallS, seconds: cpuS });
        row({ ...common, part: 'waiting on socket and server', share: 1 - cpuS / wallS, seconds: wallS - cpuS });
        progress(i + 1, list.length, driver.name);
      }
    } finally {
      await db.stop();
    }
  },
});
