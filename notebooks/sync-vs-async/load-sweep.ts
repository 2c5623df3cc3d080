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
//
// Trials: the three servers stay up for the whole run (idle ones cost nothing), and each trial
// measures every (handler, concurrency, deployment) in turn, the three deployments side by side,
// so drift in the machine hits all alike. Each row is one metric of one variant (`metric`: the
// measure it shows; the chart draws each in a facet of its own): its median over
// the trials with a 95 % interval (`valueLo`, `valueHi`), p50 and p99 apart, so the CPU-bound rows
// at high concurrency can show a low median beside a far higher p99. Every trial is stored.
//
// Budget: each trial sends 2 requests per connection (at least 12) after a one-request-per-
// connection warm-up, where the single run before sent 5 (at least 60). Traded: at 64 and 256
// connections a trial sees the queue fill and drain rather than a steady state, so its p99 is a
// short run's; what it buys is 5 interleaved trials and an interval on every number. It does not
// buy the 150 s budget: the full preset took 291 s here (quick 46 s). Half of that is fixed cost,
// runLoad starting a generator process per trial (about 1 s each, 150 of them); the rest is the
// warm-up and 2 rounds at 256 connections on a 150 req/s server (about 1.7 s a wave, 4 such
// variants). Fewer rounds would not help much and would leave nothing but the burst.
// autocannon, not wrk: wrk runs for whole seconds and drops the requests still queued when its
// time is up, which at 256 connections on 4 workers are exactly the slow ones.
import { availableParallelism } from 'node:os';
import type { RowData } from '../../core/protocol.ts';
import { hiField, loField } from '../../core/trials.ts';
import { cell, interleaved, z } from '../../runners/sdk.ts';
import { detectPinning } from '../lib/cpus.ts';
import { describeLoadTool, runLoad } from '../lib/load.ts';
import { calibrateSpin, type Deployment, type RunningDeployment, startDeployment } from './lib/deployments.ts';
import { metricRows } from './lib/sweep-rows.ts';

const DEPLOYMENTS: Deployment[] = ['sync', 'async', 'hybrid'];
const KEY_FIELDS = ['deployment', 'handler', 'workMs', 'concurrency', 'workers'];
const idOf = (r: RowData) => JSON.stringify(KEY_FIELDS.map((k) => r[k] ?? null));

export default cell({
  title: 'Sync, async and hybrid servers under rising load: throughput and latency',
  params: z.object({
    concurrency: z.array(z.number().int().positive()).nonempty(),
    ioMs: z.number().int().positive(), // how long the I/O-bound handler waits
    cpuMs: z.number().positive(), // how long the CPU-bound handler computes (calibrated)
    rounds: z.number().int().positive(), // measured requests per trial = concurrency × rounds (at least minRequests)
    minRequests: z.number().int().positive(),
    syncWorkers: z.number().int().positive(),
    trials: z.number().int().positive(),
  }),
  presets: {
    quick: { concurrency: [1, 64], ioMs: 20, cpuMs: 5, rounds: 2, minRequests: 12, syncWorkers: 4, trials: 2 },
    full: { concurrency: [1, 4, 16, 64, 256], ioMs: 20, cpuMs: 5, rounds: 2, minRequests: 12, syncWorkers: 4, trials: 5 },
  },
  timeoutMs: 8 * 60_000,
  async run(ctx) {
    const { params, row, log, provenance } = ctx;
    const cpus = detectPinning();
    provenance({
      pinned: `${cpus.describe}; every deployment (all its processes) on the server CPU list`,
      loadGenerator: describeLoadTool('autocannon'),
    });
    const cpuIterations = calibrateSpin(params.cpuMs);
    log(`CPU-bound handler: ${cpuIterations} iterations ≈ ${params.cpuMs} ms on this machine`);
    const workersOf = { sync: params.syncWorkers, async: 1, hybrid: availableParallelism() };
    // I/O-bound (/io waits ioMs) and CPU-bound (/cpu computes about cpuMs): the handler is its route.
    const handlers = [
      { handler: 'io', workMs: params.ioMs },
      { handler: 'cpu', workMs: params.cpuMs },
    ];
    const variants = handlers.flatMap((h) =>
      params.concurrency.flatMap((concurrency) => DEPLOYMENTS.map((deployment) => ({ ...h, concurrency, deployment }))),
    );
    type Variant = (typeof variants)[number];
    const key = (v: Variant) => ({
      deployment: v.deployment,
      handler: v.handler,
      workMs: v.workMs,
      concurrency: v.concurrency,
      workers: workersOf[v.deployment],
    });
    // Requests and errors add up over the trials; the rows report the totals.
    const totals = new Map<string, { requests: number; errors: number }>();
    const servers = new Map<Deployment, RunningDeployment>();
    try {
      // Started side by side (nothing is measured yet); any that started are stopped below.
      const started = await Promise.allSettled(
        DEPLOYMENTS.map(async (deployment) => {
          const server = await startDeployment(
            { deployment, ioMs: params.ioMs, cpuIterations, workers: workersOf[deployment] },
            cpus.server,
          );
          servers.set(deployment, server);
        }),
      );
      const failed = started.find((s) => s.status === 'rejected');
      if (failed) throw failed.reason;
      const summaries = await interleaved(ctx, {
        trials: params.trials,
        variants,
        key,
        async measure(v) {
          const r = await runLoad({
            url: `${servers.get(v.deployment)!.url}${v.handler}`,
            connections: v.concurrency,
            requests: Math.max(params.minRequests, v.concurrency * params.rounds),
            warmupRequests: Math.max(v.concurrency, 8),
            newConnectionPerRequest: false,
            cpus: cpus.generator,
            tool: 'autocannon',
          });
          const id = idOf(key(v));
          const sum = totals.get(id) ?? { requests: 0, errors: 0 };
          totals.set(id, { requests: sum.requests + r.requests, errors: sum.errors + r.errors + r.non2xx });
          return { requestsPerSec: r.requestsPerSec, p50Ms: r.p50Ms, p99Ms: r.p99Ms, requests: r.requests, errors: r.errors + r.non2xx };
        },
      });
      for (const s of summaries) {
        const { requests, errors } = totals.get(idOf(s))!;
        for (const r of metricRows(s, KEY_FIELDS, { requests, errors })) row(r);
        const f = (m: string) => `${Number(s[m]).toFixed(1)} (${Number(s[loField(m)]).toFixed(1)}–${Number(s[hiField(m)]).toFixed(1)})`;
        log(`${s.deployment} ${s.handler} c=${s.concurrency}: ${f('requestsPerSec')} req/s, p50 ${f('p50Ms')} ms, p99 ${f('p99Ms')} ms`);
      }
    } finally {
      await Promise.all([...servers.values()].map((s) => s.stop()));
    }
  },
});
