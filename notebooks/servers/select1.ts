// The essay's second test: one `SELECT 1` per request, through a pool of 10 connections, loaded
// as before (`ab -n 10000 -c 10`, a new connection per request). Two server styles, two drivers:
// node-postgres (`pg`) and postgres.js, against a real PostgreSQL on loopback.
import { cell, z } from '../../runners/sdk.ts';
import { detectPinning } from '../lib/cpus.ts';
import { essayFigures } from '../lib/essay-figures.ts';
import { describeLoadTool, detectLoadTool, runLoad } from '../lib/load.ts';
import { startDatabase } from '../lib/postgres.ts';
import { DRIVERS } from './lib/answers.ts';
import { startServer } from './lib/server-process.ts';
import { STYLES } from './lib/styles.ts';

const styleIds = z.enum(['raw-net', 'http', 'streams', 'ioloop', 'fastify']);

export default cell({
  title: 'SELECT 1 per request: two servers, two drivers, a pool of 10',
  params: z.object({
    requests: z.number().int().positive(),
    connections: z.number().int().positive(),
    poolSize: z.number().int().positive(),
    // The two fastest single-process styles in hello.ts's keep-alive runs (in ab's shape the
    // generator's ceiling hides the differences); the IOLoop and `for await` are close: try both.
    styles: z.array(styleIds).min(1),
  }),
  presets: {
    quick: { requests: 1_000, connections: 10, poolSize: 10, styles: ['raw-net', 'ioloop'] },
    full: { requests: 10_000, connections: 10, poolSize: 10, styles: ['raw-net', 'ioloop'] },
  },
  timeoutMs: 10 * 60_000,
  async run({ params, row, reference, progress, provenance, scratchDir, log }) {
    const cpus = detectPinning();
    const tool = detectLoadTool();
    const db = await startDatabase({ scratchDir, log, maxConnections: params.poolSize + 20 });
    provenance({
      database: db.server,
      loadGenerator: describeLoadTool(tool),
      pinned: `${cpus.describe}; PostgreSQL not pinned (its processes run on any core)`,
    });
    const essayDriver: Record<string, string> = { 'Tornado + tornado_mysql pool(10)': 'tornado_mysql', 'asyncio Protocol + aiomysql pool': 'aiomysql' };
    for (const f of essayFigures('select1-server')) {
      reference({ server: f.variant, driver: essayDriver[f.variant] ?? '', variant: `${f.variant} (MySQL)`, requestsPerSec: f.value });
    }

    let done = 0;
    const total = params.styles.length * DRIVERS.length;
    try {
      for (const style of params.styles) {
        for (const driver of DRIVERS) {
          const server = await startServer({ style, driver, dbUrl: db.url, poolSize: params.poolSize }, cpus.server);
          try {
            const r = await runLoad({ url: server.url, connections: params.connections, requests: params.requests, newConnectionPerRequest: true, cpus: cpus.generator, tool });
            row({
              server: STYLES[style].label,
              driver,
              variant: `${STYLES[style].label} + ${driver}`,
              requestsPerSec: r.requestsPerSec,
              p50Ms: r.p50Ms,
              p99Ms: r.p99Ms,
              errors: r.errors + r.non2xx,
            });
          } finally {
            await server.stop();
            progress(++done, total, `${STYLES[style].label} + ${driver}`);
          }
        }
      }
    } finally {
      await db.stop();
    }
  },
});
