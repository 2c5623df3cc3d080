// A database that is not next door. Bayer's case for threads assumes a database that is close and
// fast, "served over the local network", with "relatively low network latencies": each round trip
// costs little, so the client's own work decides. Here round trips cost more. A delaying TCP proxy
// (lib/delay-proxy.ts) sits in front of PostgreSQL and adds 0, 1 or 5 ms to every round trip, and
// two workloads run both ways the essay compares, worker threads with blocking libpq against one
// event loop with pg:
// - the bulk load of bulk-load.ts (its data set, SQL and loaders, imported), rows per second;
// - SELECT 1 round trips: each client waits for its answer before asking again, queries per second.
// Each runs direct (no proxy) and through the proxy at each delay; the proxy with no delay against
// direct is what the proxy itself costs.
//
// Measured honestly, with what that leaves out:
// - A proxy, not a network: it holds every chunk half the added round trip each way, in order, and
//   releases it a little late (some 0.05 to 0.1 ms per hop on a quiet machine, more on busy cores; the
//   log shows one client's round trip at each setting). No bandwidth limit, no loss, no other jitter.
// - Two cores for everything: PostgreSQL, the client and the proxy. The proxy is pinned to the last
//   CPU, where the house puts its load generators: nothing else here is pinned, so on two cores
//   either CPU is shared alike, and what pinning buys is a proxy that never migrates mid-trial
//   (a move between cores would add its own pauses to the delays it should hold steady). Its CPU
//   time is taken from the client and the server all the same: `proxyCpu` is the proxy's CPU time
//   over each trial's wall time (1 = one core).
// - Trials: for each workload and connection count, every (route, model) pair is measured `trials`
//   times, interleaved; a row is the median with a 95 % interval. Connection counts go up (the
//   thread pools only grow). Rates count a steady window: the bulk load's as bulk-load.ts does
//   (lib/steady-rate.ts), SELECT 1's after the first fifth of each run.
// - Budget (full preset, 150 s): a bulk-load trial loads for 0.6 s plus 0.1 s per ms added (1.1 s
//   at 5 ms, where a line of about 20 round trips takes 100 ms or more; bulk-load.ts loads for 0.7 s),
//   a SELECT 1 trial lasts 0.3 s, at 15 and 50 connections. 100 connections would need trials
//   twice as long for every connection's first line to end inside them. What that trades: fewer
//   lines per connection at 5 ms (wider intervals there), no count beyond 50, and any effect that
//   needs a long run to show (a growing table). The quick preset runs 15 connections only.
import { availableParallelism } from 'node:os';
import type { RowData } from '../../core/protocol.ts';
import { matches } from '../../core/trials.ts';
import { cell, interleaved, z } from '../../runners/sdk.ts';
import { detectPinning } from '../lib/cpus.ts';
import { startDatabase } from '../lib/postgres.ts';
import { makeDataset } from './lib/dataset.ts';
import { startDelayProxy, throughProxy } from './lib/delay-proxy.ts';
import { type Connections, now, type Variant } from './lib/drive.ts';
import { eventLoop } from './lib/event-loop.ts';
import { libpqThreads } from './lib/libpq-threads.ts';
import { pgPool } from './lib/load-pg.ts';
import { createSchema, resetElements } from './lib/schema.ts';
import { loopClients, threadClients } from './lib/select1-clients.ts';
import { steadyRate } from './lib/steady-rate.ts';
import pg from 'pg';

const SEED = 2015;
const MODELS = ['threads', 'loop'] as const;
type Model = (typeof MODELS)[number];
interface Route {
  link: string; // 'direct' or 'proxy+<ms>'
  delayMs: number;
}

export default cell({
  title: 'A database that is not next door: threads vs one loop with 0, 1 and 5 ms added',
  params: z.object({
    delaysMs: z.array(z.number().min(0)).nonempty(), // round trip the proxy adds; 0 measures the proxy itself
    connections: z.array(z.number().int().positive()).nonempty(), // bulk-load connections, and SELECT 1 clients
    rows: z.number().int().positive(), // data elements in the generated data set, more than a trial loads
    bulkSeconds: z.number().positive(), // a bulk-load trial stops taking input lines after this long, direct...
    bulkSecondsPerMs: z.number().min(0), // ...and this much longer per ms the proxy adds: lines take longer
    select1Seconds: z.number().positive(), // one SELECT 1 trial
    trials: z.number().int().positive(),
  }),
  presets: {
    quick: {
      delaysMs: [0, 1, 5],
      connections: [15],
      rows: 30_000,
      bulkSeconds: 0.2,
      bulkSecondsPerMs: 0.08,
      select1Seconds: 0.12,
      trials: 2,
    },
    full: {
      delaysMs: [0, 1, 5],
      connections: [15, 50],
      rows: 100_000,
      bulkSeconds: 0.6,
      bulkSecondsPerMs: 0.1,
      select1Seconds: 0.3,
      trials: 5,
    },
  },
  timeoutMs: 10 * 60_000,
  async run(ctx) {
    const { params, row, log, provenance, scratchDir } = ctx;
    const connections = [...params.connections].sort((a, b) => a - b); // thread pools only grow
    const most = connections.at(-1)!;
    const pinning = detectPinning();
    const [db, proxy] = await Promise.all([
      // Two ways x two addresses (direct, proxy), each holding its connections open.
      startDatabase({ scratchDir, maxConnections: 4 * most + 20, log }),
      startDelayProxy(pinning.generator),
    ]);
    await proxy.forwardTo(db.url);
    const proxyUrl = throughProxy(db.url, proxy.port);
    provenance({
      database: db.server,
      loadGenerator: `Node ${process.versions.node}: the clients run in the cell's process, on the same ${availableParallelism()} cores as PostgreSQL`,
      pinned: pinning.pinned
        ? `taskset: the delay proxy on CPU ${pinning.generator}; PostgreSQL and the clients not pinned`
        : `${pinning.describe}: the delay proxy is not pinned`,
    });
    const routes: Route[] = [{ link: 'direct', delayMs: 0 }, ...params.delaysMs.map((d) => ({ link: `proxy+${d}`, delayMs: d }))];
    const variants = routes.flatMap((route) => MODELS.map((model) => ({ route, model })));
    const urlOf = (r: Route) => (r.link === 'direct' ? db.url : proxyUrl);
    const sections = 2 * connections.length;
    let section = 0;
    /** interleaved() over one workload at one connection count; progress counts over the whole run. */
    const measureAll = async (workload: string, n: number, measure: (v: (typeof variants)[number]) => Promise<Record<string, number>>) => {
      const at = section++;
      return interleaved(
        {
          trial: ctx.trial,
          signal: ctx.signal,
          progress: (done, total, label) => ctx.progress(at * total + done, sections * total, `${workload}, ${n} connections: ${label}`),
        },
        {
          trials: params.trials,
          variants,
          key: (v) => ({ workload, model: v.model, link: v.route.link, delayMs: v.route.delayMs, connections: n }),
          async measure(v) {
            if (v.route.link !== 'direct') await proxy.setRoundTrip(v.route.delayMs);
            const cpu = await proxy.cpuSeconds();
            const t = now();
            const values = await measure(v);
            const proxyCpu = (await proxy.cpuSeconds()) - cpu;
            return { ...values, proxyCpu: proxyCpu / ((now() - t) / 1000) };
          },
        },
      );
    };

    try {
      await calibrate(db.url, proxyUrl, routes, proxy.setRoundTrip, log);

      // (a) The bulk load, as bulk-load.ts runs it, each way by each route.
      const data = makeDataset(params.rows, SEED);
      await createSchema(db.url, data);
      const loaders = new Map<string, Record<Model, Variant>>();
      for (const url of new Set(routes.map(urlOf))) {
        loaders.set(url, { threads: libpqThreads(url, data.lines, most), loop: eventLoop(url, data.lines, pgPool) });
      }
      const admin = new pg.Client({ connectionString: db.url });
      await admin.connect();
      try {
        for (const n of connections) {
          // As bulk-load.ts: each way opens its n connections once per count (untimed, one line
          // loaded on each) and every trial reuses them. The delays share the proxy's connections.
          const open = new Map<string, Connections>();
          const openOf = (v: (typeof variants)[number]) => open.get(`${v.model} ${urlOf(v.route)}`)!;
          try {
            for (const [url, ways] of loaders) {
              for (const model of MODELS) {
                const c = await ways[model].open(n);
                open.set(`${model} ${url}`, c);
                await c.run({ seconds: 2, maxLines: n });
                await resetElements(admin);
              }
            }
            const steady: RowData[] = [];
            const rows = await measureAll('bulk-load', n, async (v) => {
              const seconds = params.bulkSeconds + params.bulkSecondsPerMs * v.route.delayMs;
              const run = await openOf(v).run({ seconds });
              const stored = await resetElements(admin); // the next trial starts from an empty table
              if (stored !== run.committedRows) {
                throw new Error(`${v.model} ${v.route.link}: ${run.committedRows} rows committed, ${stored} in data_element`);
              }
              const rate = steadyRate(run.completions, run.start, run.drainedAt, { fraction: 0.15, rampedAt: run.rampedAt });
              steady.push({ model: v.model, link: v.route.link, steady: rate.steady });
              return { throughput: Math.round(rate.rowsPerSec) };
            });
            // `steady`: every trial's rate rests on a window after every connection had its first line.
            for (const r of rows)
              row({ ...r, steady: steady.filter((s) => matches(s, { model: r.model!, link: r.link! })).every((s) => s.steady) });
          } finally {
            for (const c of open.values()) await c.close();
          }
        }
      } finally {
        for (const l of loaders.values()) await Promise.all([l.threads.close(), l.loop.close()]);
        await admin.end();
      }

      // (b) SELECT 1 round trips: n clients, each waiting for its answer before asking again.
      const clients = { threads: threadClients(), loop: loopClients() };
      try {
        for (const n of connections) {
          const rows = await measureAll('select1', n, async (v) => {
            const r = await clients[v.model].run(urlOf(v.route), n, params.select1Seconds);
            // Little's law: n clients, each with one query in flight, over the window.
            return { throughput: Math.round(r.queries / r.windowSeconds), msPerQuery: (n * r.windowSeconds * 1000) / r.queries };
          });
          for (const r of rows) row(r);
        }
      } finally {
        await Promise.all([clients.threads.close(), clients.loop.close()]);
      }
    } finally {
      await proxy.stop();
      await db.stop();
    }
  },
});

/** Logs one client's round trip (median of 40 SELECT 1) by each route: what the proxy adds in fact. */
async function calibrate(
  direct: string,
  proxied: string,
  routes: Route[],
  setRoundTrip: (ms: number) => Promise<void>,
  log: (s: string) => void,
) {
  const parts: string[] = [];
  for (const route of routes) {
    if (route.link !== 'direct') await setRoundTrip(route.delayMs);
    const client = new pg.Client({ connectionString: route.link === 'direct' ? direct : proxied });
    await client.connect();
    try {
      const times: number[] = [];
      for (let i = 0; i < 45; i++) {
        const t = now();
        await client.query('SELECT 1');
        if (i >= 5) times.push(now() - t);
      }
      times.sort((a, b) => a - b);
      parts.push(`${route.link} ${times[times.length >> 1]!.toFixed(2)} ms`);
    } finally {
      await client.end();
    }
  }
  log(`one client's SELECT 1 round trip (median of 40): ${parts.join(', ')}`);
}
