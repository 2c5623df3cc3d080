// The essay's second test: one `SELECT 1` per request, through a pool of 10 connections, loaded
// as the essay loaded it, with ab itself (`ab -n 10000 -c 10`, a new connection per request;
// autocannon when ab is missing). Two server styles, two drivers: node-postgres (`pg`) and
// postgres.js, against a real PostgreSQL on loopback. The servers start once and are measured in
// interleaved trials (ABCD ABCD...), so drift in the machine hits them all alike. At some 3,000
// requests/s these servers stay far below ab's ceiling in this shape (about 11,000 on this machine,
// measured by hello.ts), so no ceiling is measured here.
// Budget: each ab run stops after one second (`ab -t 1`), as in hello.ts and keakon.py, about 3,000
// of its 10,000 requests here; the whole load took some 3.5 s a run. Traded: a run sees the pool
// warm for one second rather than three, which the trials' spread shows.
import type { RowData } from '../../core/protocol.ts';
import { cell, interleaved, z } from '../../runners/sdk.ts';
import { detectPinning } from '../lib/cpus.ts';
import { essayFigures } from '../lib/essay-figures.ts';
import { describeLoadTool, installedLoadTools, runLoad, toolOrFallback } from '../lib/load.ts';
import { startDatabase } from '../lib/postgres.ts';
import { DRIVERS, type Driver } from './lib/answers.ts';
import { total } from './lib/ceiling.ts';
import { startServers } from './lib/server-set.ts';
import { essayServer } from './lib/styles.ts';

const styleIds = z.enum(['raw-net', 'http', 'streams', 'ioloop', 'fastify']);

interface Variant {
  style: z.infer<typeof styleIds>;
  driver: Driver;
  /** Names its server in the set of running servers. */
  id: string;
}

export default cell({
  title: 'SELECT 1 per request: two servers, two drivers, a pool of 10',
  params: z.object({
    /** ab -n per trial. */
    requests: z.number().int().positive(),
    /** ab -t: stop an ab run after this many seconds however few requests it made; 0: no limit. */
    abSeconds: z.number().int().min(0),
    connections: z.number().int().positive(),
    poolSize: z.number().int().positive(),
    // The two fastest single-process styles in hello.ts's keep-alive runs (in ab's shape the
    // generator's ceiling hides the differences); the IOLoop and `for await` are close: try both.
    styles: z.array(styleIds).min(1),
    trials: z.number().int().min(1),
  }),
  presets: {
    // full: the essay's load (ab -n 10000 -c 10), each run capped at one second, five times over.
    quick: { requests: 1_000, abSeconds: 1, connections: 10, poolSize: 10, styles: ['raw-net', 'ioloop'], trials: 2 },
    full: { requests: 10_000, abSeconds: 1, connections: 10, poolSize: 10, styles: ['raw-net', 'ioloop'], trials: 5 },
  },
  timeoutMs: 10 * 60_000,
  async run(ctx) {
    const { params, row, reference, provenance, scratchDir, log } = ctx;
    const cpus = detectPinning();
    const tool = toolOrFallback('ab', installedLoadTools());
    const essayDriver: Record<string, string> = {
      'Tornado + tornado_mysql pool(10)': 'tornado_mysql',
      'asyncio Protocol + aiomysql pool': 'aiomysql',
    };
    for (const f of essayFigures('select1-server')) {
      const [server, driver] = [essayServer(f.variant), essayDriver[f.variant] ?? ''];
      reference({ server, driver, variant: `${server}+${driver}`, requestsPerSec: f.value }); // on MySQL
    }

    const db = await startDatabase({ scratchDir, log, maxConnections: params.styles.length * DRIVERS.length * params.poolSize + 20 });
    provenance({
      database: db.server,
      loadGenerator: `${describeLoadTool(tool)}: ${tool === 'ab' ? `ab -n ${params.requests} -c ${params.connections}` : 'ab not installed; Connection: close'}, a new connection per request, ${params.trials} interleaved trials`,
      pinned: `${cpus.describe}; PostgreSQL not pinned (its processes run on any core)`,
    });
    const variants: Variant[] = params.styles.flatMap((style) => DRIVERS.map((driver) => ({ style, driver, id: `${style} ${driver}` })));
    const keyOf = (v: Variant) => ({ server: v.style, driver: v.driver, variant: `${v.style}+${v.driver}` });
    const trials: RowData[] = [];
    try {
      // Every server holds its own pool open, so PostgreSQL is given room for all of them at once.
      const servers = await startServers(
        variants.map((v) => ({
          key: v.id,
          spec: { style: v.style, driver: v.driver, dbUrl: db.url, poolSize: params.poolSize },
          cpus: cpus.server,
        })),
      );
      const load = (v: Variant, requests: number, abSeconds: number) =>
        runLoad({
          url: servers.url(v.id),
          connections: params.connections,
          requests,
          abSeconds,
          newConnectionPerRequest: true,
          cpus: cpus.generator,
          tool,
        });
      try {
        // Unrecorded: fills each pool and warms each server's JIT.
        for (const v of variants) await load(v, 500, 1);
        const summary = await interleaved(ctx, {
          trials: params.trials,
          variants,
          key: keyOf,
          async measure(v, trial) {
            const r = await load(v, params.requests, params.abSeconds);
            const values = { requestsPerSec: r.requestsPerSec, p50Ms: r.p50Ms, p99Ms: r.p99Ms, errors: r.errors + r.non2xx };
            trials.push({ ...keyOf(v), trial, ...values });
            return values;
          },
        });
        for (const { errorsLo: _lo, errorsHi: _hi, ...s } of summary) {
          row({ ...s, errors: total(trials, { variant: s.variant }, 'errors') }); // every failed request, over all trials
        }
      } finally {
        await servers.stop();
      }
    } finally {
      await db.stop();
    }
  },
});
