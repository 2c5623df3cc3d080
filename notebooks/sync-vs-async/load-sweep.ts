// The essay's three deployments under rising load: a sync server (4 worker processes behind one
// port, each blocking for the whole I/O wait), an async server (one event loop, awaiting), and a
// hybrid (one event loop per CPU). Two handlers: /io waits on a timer, as a database call would;
// /cpu does about 5 ms of arithmetic. For each concurrency (keep-alive connections, each sending
// its next request when the last is answered) we record requests/s and the p50 and p99 latency.
//
// Pinning: every server runs on the server core(s) (CPU 0 on a 2-core machine), the load generator
// on the last core. So the 4 sync workers and the hybrid's workers share one core here: for the
// CPU-bound handler no deployment can use more than that core, and the hybrid cannot show the
// gain it is built for. The generator never competes with a server for a core.
import { availableParallelism } from 'node:os';
import { cell, z } from '../../runners/sdk.ts';
import { detectPinning } from '../lib/cpus.ts';
import { describeLoadTool, runLoad } from '../lib/load.ts';
import { calibrateSpin, DEPLOYMENT_LABEL, type Deployment, startDeployment } from './lib/deployments.ts';

const DEPLOYMENTS: Deployment[] = ['sync', 'async', 'hybrid'];

export default cell({
  title: 'Sync, async and hybrid servers under rising load: throughput and latency',
  params: z.object({
    concurrency: z.array(z.number().int().positive()).nonempty(),
    ioMs: z.number().int().positive(), // how long the I/O-bound handler waits
    cpuMs: z.number().positive(), // how long the CPU-bound handler computes (calibrated)
    rounds: z.number().int().positive(), // measured requests = concurrency × rounds (at least minRequests)
    minRequests: z.number().int().positive(),
    syncWorkers: z.number().int().positive(),
  }),
  presets: {
    quick: { concurrency: [1, 64], ioMs: 20, cpuMs: 5, rounds: 4, minRequests: 30, syncWorkers: 4 },
    full: { concurrency: [1, 4, 16, 64, 256], ioMs: 20, cpuMs: 5, rounds: 5, minRequests: 60, syncWorkers: 4 },
  },
  timeoutMs: 8 * 60_000,
  async run({ params, row, log, progress, provenance }) {
    const cpus = detectPinning();
    provenance({
      pinned: `${cpus.describe}; every deployment (all its processes) on the server CPU list`,
      loadGenerator: describeLoadTool('autocannon'),
    });
    const cpuIterations = calibrateSpin(params.cpuMs);
    log(`CPU-bound handler: ${cpuIterations} iterations ≈ ${params.cpuMs} ms on this machine`);
    const workersOf = { sync: params.syncWorkers, async: 1, hybrid: availableParallelism() };
    const handlers = [
      { handler: 'I/O-bound', path: 'io', work: `waits ${params.ioMs} ms` },
      { handler: 'CPU-bound', path: 'cpu', work: `≈${params.cpuMs} ms of arithmetic` },
    ];
    const total = DEPLOYMENTS.length * handlers.length * params.concurrency.length;
    let done = 0;

    for (const deployment of DEPLOYMENTS) {
      const server = await startDeployment(
        { deployment, ioMs: params.ioMs, cpuIterations, workers: workersOf[deployment] },
        cpus.server,
      );
      try {
        for (const { handler, path, work } of handlers) {
          for (const c of params.concurrency) {
            const r = await runLoad({
              url: `${server.url}${path}`,
              connections: c,
              requests: Math.max(params.minRequests, c * params.rounds),
              warmupRequests: Math.max(c, 8),
              newConnectionPerRequest: false,
              cpus: cpus.generator,
            });
            const common = {
              deployment: DEPLOYMENT_LABEL[deployment],
              handler,
              work,
              concurrency: c,
              workers: workersOf[deployment],
              requests: r.requests,
              errors: r.errors + r.non2xx,
            };
            row({ ...common, metric: 'requests/s', value: r.requestsPerSec });
            row({ ...common, metric: 'p50 latency (ms)', value: r.p50Ms });
            row({ ...common, metric: 'p99 latency (ms)', value: r.p99Ms });
            log(`${deployment} ${path} c=${c}: ${r.requestsPerSec.toFixed(0)} req/s, p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms`);
            progress(++done, total, `${deployment} ${handler} c=${c}`);
          }
        }
      } finally {
        await server.stop();
      }
    }
  },
});
