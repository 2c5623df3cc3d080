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
// The load generator: wrk (pinned to its own CPU) when it is installed, autocannon otherwise. In
// the short runs this sweep needs, autocannon's own ceiling against canned bytes was 2,000-4,000
// requests/s on this machine: the async server's I/O rate at 64 and 256 connections sat at it, so
// those numbers measured the generator. wrk's is far above any server here. The ceiling is measured
// anyway, once per concurrency, with the same tool and run length, and rows within 10 % of it are
// marked generatorLimited (never ranked).
//
// Budget: a wrk run lasts whole seconds, long enough by a simple model of each server for every
// connection to be answered `rounds` times (lib/sweep-plan.ts): 1 s for most variants, 4 s where
// 256 connections queue on 4 blocking workers or on one core. wrk keeps only what was answered in
// time, so a run far shorter than the queue's wait would cut the slow tail off; three rounds keep
// that share small. With autocannon a trial sends `rounds` requests per connection instead.
// Traded: 5 trials of about 1 s rather than fewer long ones; at 256 connections a run sees three
// waves of the queue, not a long steady state.
import { availableParallelism } from 'node:os';
import type { RowData } from '../../core/protocol.ts';
import { hiField, loField } from '../../core/trials.ts';
import { cell, interleaved, z } from '../../runners/sdk.ts';
import { detectPinning } from '../lib/cpus.ts';
import { describeLoadTool, installedLoadTools, runLoad, toolOrFallback } from '../lib/load.ts';
import { limitedByGenerator } from './lib/db-pool-plan.ts';
import { calibrateSpin, type Deployment, type RunningDeployment, startDeployment } from './lib/deployments.ts';
import { runSeconds, type SweepVariant } from './lib/sweep-plan.ts';
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
    rounds: z.number().int().positive(), // answers wanted per connection in a trial (the run's length follows)
    minSeconds: z.number().int().positive(), // wrk: the shortest run, in whole seconds
    minRequests: z.number().int().positive(), // autocannon: at least this many requests a trial
    syncWorkers: z.number().int().positive(),
    trials: z.number().int().positive(),
  }),
  presets: {
    quick: { concurrency: [1, 64], ioMs: 20, cpuMs: 5, rounds: 3, minSeconds: 1, minRequests: 12, syncWorkers: 4, trials: 2 },
    full: { concurrency: [1, 4, 16, 64, 256], ioMs: 20, cpuMs: 5, rounds: 3, minSeconds: 1, minRequests: 12, syncWorkers: 4, trials: 5 },
  },
  timeoutMs: 8 * 60_000,
  async run(ctx) {
    const { params, row, log, provenance } = ctx;
    const cpus = detectPinning();
    const tool = toolOrFallback('wrk', installedLoadTools());
    if (tool !== 'wrk') log('wrk is not installed: autocannon measures instead, with a far lower ceiling (apt-get install wrk)');
    const cpuIterations = calibrateSpin(params.cpuMs);
    log(`CPU-bound handler: ${cpuIterations} iterations ≈ ${params.cpuMs} ms on this machine`);
    const workersOf = { sync: params.syncWorkers, async: 1, hybrid: availableParallelism() };
    const serverCores = cpus.server ? cpus.server.split(',').length : availableParallelism();
    /** One load run in the sweep's shape: wrk for its planned seconds, or autocannon for its rounds. */
    const load = (url: string, v: SweepVariant & { workers: number }) =>
      runLoad({
        url,
        connections: v.concurrency,
        requests: Math.max(params.minRequests, v.concurrency * params.rounds),
        warmupRequests: Math.max(v.concurrency, 8),
        wrkSeconds: runSeconds(v, params, v.workers, serverCores),
        newConnectionPerRequest: false,
        cpus: cpus.generator,
        tool,
      });
    // I/O-bound (/io waits ioMs) and CPU-bound (/cpu computes about cpuMs): the handler is its route.
    const handlers = [
      { handler: 'io' as const, workMs: params.ioMs },
      { handler: 'cpu' as const, workMs: params.cpuMs },
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
      // The generator's ceiling at each concurrency, once, in the same shape: canned bytes, one process.
      const canned = await startDeployment({ deployment: 'ceiling', ioMs: 0, cpuIterations: 0, workers: 1 }, cpus.server);
      const ceilings = new Map<number, number>();
      try {
        for (const concurrency of params.concurrency) {
          const asFastest = { deployment: 'async', handler: 'io', concurrency, workers: 1 } as const;
          ceilings.set(concurrency, (await load(canned.url, asFastest)).requestsPerSec);
        }
      } finally {
        await canned.stop();
      }
      const ceilingText = params.concurrency.map((c) => `${Math.round(ceilings.get(c)!).toLocaleString('en')} at ${c}`).join(', ');
      log(`generator ceiling (canned bytes, keep-alive), requests/s: ${ceilingText} connections`);
      provenance({
        pinned: `${cpus.describe}; every deployment (all its processes) on the server CPU list`,
        loadGenerator: `${describeLoadTool(tool)}: keep-alive, ceiling ${ceilingText} connections (requests/s)`,
      });
      const summaries = await interleaved(ctx, {
        trials: params.trials,
        variants,
        key,
        async measure(v) {
          const r = await load(`${servers.get(v.deployment)!.url}${v.handler}`, { ...v, workers: workersOf[v.deployment] });
          const id = idOf(key(v));
          const sum = totals.get(id) ?? { requests: 0, errors: 0 };
          totals.set(id, { requests: sum.requests + r.requests, errors: sum.errors + r.errors + r.non2xx });
          return { requestsPerSec: r.requestsPerSec, p50Ms: r.p50Ms, p99Ms: r.p99Ms, requests: r.requests, errors: r.errors + r.non2xx };
        },
      });
      for (const s of summaries) {
        const { requests, errors } = totals.get(idOf(s))!;
        const generatorLimited = limitedByGenerator(s.requestsPerSec as number, s.concurrency as number, ceilings);
        for (const r of metricRows(s, KEY_FIELDS, { requests, errors, generatorLimited })) row(r);
        const f = (m: string) => `${Number(s[m]).toFixed(1)} (${Number(s[loField(m)]).toFixed(1)}–${Number(s[hiField(m)]).toFixed(1)})`;
        const capped = generatorLimited ? ' (generator-limited)' : '';
        log(
          `${s.deployment} ${s.handler} c=${s.concurrency}: ${f('requestsPerSec')} req/s, p50 ${f('p50Ms')} ms, p99 ${f('p99Ms')} ms${capped}`,
        );
      }
    } finally {
      await Promise.all([...servers.values()].map((s) => s.stop()));
    }
  },
});
