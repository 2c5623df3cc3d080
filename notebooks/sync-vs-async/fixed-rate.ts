// Latency the way users feel it. The load sweep is a closed loop: each connection sends its next
// request only when the last is answered, so a slow server slows the generator down, and the
// requests that would have arrived meanwhile are never sent, never timed (coordinated omission).
// Users do not wait for each other. Here requests arrive at a fixed rate, whatever the server
// does, and each one's latency runs from the moment it was due: p50 and p99 against the offered
// rate, from light load to past saturation, for the same three deployments and both routes.
//
// The rates: a short closed-loop probe (64 connections) measures each deployment's capacity on
// each route first. The offered rates are percentages of the smallest of them, the capacity of
// whichever deployment saturates first (the sync server's 4 blocking workers on the I/O route, about
// 200 requests/s; on the CPU route all of them, near one core's worth of 5 ms requests), and the
// same absolute rates go to every deployment so they compare. Why not of the async server's, as
// one would like: on the I/O route its capacity (several thousand requests/s here, measured with
// wrk and 256 connections) is beyond what any fixed-rate generator we can install reaches on one
// core, so the I/O rates climb to 8 times the sync server's and stop there.
//
// The tool: loadtest (npm), whose `requestsPerSecond` timer issues each request on schedule and
// catches up when late, run in its own process pinned to the generator CPU. wrk2 and k6 cannot be
// installed here; Debian's httperf has a fixed --rate but opens a connection per request through
// select() (at most 1,024 open, exactly what a server that falls behind piles up) and reports no
// percentiles beyond a median. loadtest's own figures are not used (it times from the send, in
// whole ms, and drops what is in flight at the end): ./lib/fixed-rate-generator.ts records every
// request through its hook and ./lib/open-loop.ts counts sent, completed and unfinished (never
// dropped: they enter the percentiles at the time they had already waited, as lower bounds).
// Beside p99 from the due time it keeps p99 from when each request went out: the closed loop's clock.
//
// The generator's own ceiling is checked on every run: it records how late it issued each request
// and the rate it achieved. Where the trials' median rate is below 90 % of the rate asked for, or
// the median of its own p99 lag is past both `maxLagMs` and a tenth of the median p99 latency (a
// late generator adds at most its lag to a latency timed from the due time), the row is
// generatorLimited and never ranked.
//
// Budget (150 s full, 25 s quick): 0.6 s per run (at least 60 requests, so at light load a run's
// p99 is its slowest request), 0.2 s of grace for late answers, and 64 connections, so what a
// fallen-behind server still holds at the cutoff drains in a third of a second. Traded: runs long
// enough to show where an overloaded queue ends up (it never does: past capacity the numbers are a
// 0.6 s run's, and the unfinished count says so), and on the CPU route only three rates. The quick
// preset drops the hybrid and keeps 3 + 1 rates. On this (shared, busy) machine the full preset
// took 117 s and the quick one 18 s.
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import type { RowData } from '../../core/protocol.ts';
import { cell, interleaved, z } from '../../runners/sdk.ts';
import { detectPinning } from '../lib/cpus.ts';
import { calibrateSpin, type Deployment, type RunningDeployment, startDeployment } from './lib/deployments.ts';
import { type FixedRateGenerator, startFixedRateGenerator } from './lib/fixed-rate-generator.ts';
import { fixedRateRows } from './lib/fixed-rate-rows.ts';
import { generatorLimited } from './lib/open-loop.ts';

const KEY_FIELDS = ['deployment', 'handler', 'loadPct'];
type Handler = 'io' | 'cpu';

export default cell({
  title: 'Sync, async and hybrid servers at a fixed arrival rate: latency from the moment a request was due',
  params: z.object({
    deployments: z.array(z.enum(['sync', 'async', 'hybrid'])).nonempty(),
    // Offered rates, % of the smallest capacity any deployment showed on that route (none: skip the route).
    ioLoadPct: z.array(z.number().positive()),
    cpuLoadPct: z.array(z.number().positive()),
    ioMs: z.number().int().positive(), // how long the I/O-bound handler waits
    cpuMs: z.number().positive(), // how long the CPU-bound handler computes (calibrated)
    connections: z.number().int().positive(), // the generator's keep-alive pool
    seconds: z.number().positive(), // each run offers max(minRequests, rate × seconds) requests
    minRequests: z.number().int().positive(),
    graceMs: z.number().nonnegative(), // how long to wait for late answers after the last request
    probeSeconds: z.number().positive(),
    maxLagMs: z.number().positive(), // the generator's p99 lag beyond which a run is generator-limited
    syncWorkers: z.number().int().positive(),
    trials: z.number().int().positive(),
  }),
  presets: {
    quick: {
      deployments: ['sync', 'async'],
      ioLoadPct: [50, 200, 800],
      cpuLoadPct: [120],
      ioMs: 20,
      cpuMs: 5,
      connections: 64,
      seconds: 0.4,
      minRequests: 40,
      graceMs: 200,
      probeSeconds: 0.4,
      maxLagMs: 5,
      syncWorkers: 4,
      trials: 2,
    },
    full: {
      deployments: ['sync', 'async', 'hybrid'],
      ioLoadPct: [50, 90, 120, 200, 400, 800],
      cpuLoadPct: [50, 90, 120],
      ioMs: 20,
      cpuMs: 5,
      connections: 64,
      seconds: 0.6,
      minRequests: 60,
      graceMs: 200,
      probeSeconds: 0.6,
      maxLagMs: 5,
      syncWorkers: 4,
      trials: 5,
    },
  },
  timeoutMs: 6 * 60_000,
  async run(ctx) {
    const { params, row, log, provenance } = ctx;
    const cpus = detectPinning();
    const { version } = createRequire(import.meta.url)('loadtest/package.json') as { version: string };
    provenance({
      pinned: `${cpus.describe}; every deployment (all its processes) on the server CPU list`,
      loadGenerator: `loadtest ${version} (requestsPerSecond scheduler, own process, ${params.connections} keep-alive connections; latency from the intended send time)`,
    });
    const cpuIterations = calibrateSpin(params.cpuMs);
    const workersOf = { sync: params.syncWorkers, async: 1, hybrid: availableParallelism() };
    const loads = { io: params.ioLoadPct, cpu: params.cpuLoadPct };
    const handlers = (['io', 'cpu'] as Handler[]).filter((h) => loads[h].length > 0);
    const t0 = performance.now();
    const servers = new Map<Deployment, RunningDeployment>();
    let generator: FixedRateGenerator | undefined;
    try {
      // Started side by side (nothing is measured yet); whatever started is stopped below.
      const started = await Promise.allSettled([
        startFixedRateGenerator(cpus.generator).then((g) => (generator = g)),
        ...params.deployments.map(async (deployment) => {
          servers.set(
            deployment,
            await startDeployment({ deployment, ioMs: params.ioMs, cpuIterations, workers: workersOf[deployment] }, cpus.server),
          );
        }),
      ]);
      const failed = started.find((s) => s.status === 'rejected');
      if (failed) throw failed.reason;
      const load = generator!;
      log(`servers and generator started in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      const url = (d: Deployment, h: Handler) => `${servers.get(d)!.url}${h}`;

      // Each deployment's capacity on each route; the probe also warms up servers and generator.
      const reference = new Map<Handler, number>();
      for (const h of handlers) {
        for (const d of params.deployments) {
          const rps = await load.probe({ url: url(d, h), connections: params.connections, seconds: params.probeSeconds });
          log(`${d}, ${h} route: ${rps.toFixed(0)} requests/s in a closed loop with ${params.connections} connections`);
          reference.set(h, Math.min(reference.get(h) ?? Infinity, rps));
        }
      }
      const rateOf = (h: Handler, pct: number) => Math.max(1, Math.round((reference.get(h)! * pct) / 100));

      const variants = handlers.flatMap((handler) =>
        loads[handler].flatMap((loadPct) => params.deployments.map((deployment) => ({ deployment, handler, loadPct }))),
      );
      const trials: RowData[] = [];
      const summaries = await interleaved(
        { ...ctx, trial: (t) => (trials.push(t), ctx.trial(t)) },
        {
          trials: params.trials,
          variants,
          key: (v) => ({ deployment: v.deployment, handler: v.handler, loadPct: v.loadPct }),
          async measure(v) {
            const rate = rateOf(v.handler, v.loadPct);
            const { seconds, minRequests, connections, graceMs } = params;
            const r = await load.run({ url: url(v.deployment, v.handler), rate, seconds, minRequests, connections, graceMs });
            return {
              offeredRps: rate,
              p50Ms: r.p50Ms,
              p99Ms: r.p99Ms,
              p99WireMs: r.p99WireMs,
              sent: r.sent,
              completed: r.completed,
              unfinished: r.unfinished,
              errors: r.errors,
              lagP99Ms: r.lagP99Ms,
              achievedRps: r.achievedRps,
              p50Bound: r.p50Bound ? 1 : 0,
              p99Bound: r.p99Bound ? 1 : 0,
            };
          },
        },
      );
      for (const s of summaries) {
        // Judged on the trials' medians, as a closed loop's rate is against its ceiling.
        const limited = generatorLimited(
          { achievedRps: Number(s.achievedRps), lagP99Ms: Number(s.lagP99Ms), p99Ms: Number(s.p99Ms) },
          Number(s.offeredRps),
          params.maxLagMs,
        );
        const rows = fixedRateRows(s, trials, KEY_FIELDS, limited);
        for (const r of rows) row(r);
        const [p50, p99] = rows;
        const ge = (r: RowData) => (r.lowerBound ? '≥' : '');
        log(
          `${s.deployment}, ${s.handler} at ${s.offeredRps} req/s (${s.loadPct} %): p50 ${ge(p50!)}${Number(p50!.value).toFixed(1)} ms, ` +
            `p99 ${ge(p99!)}${Number(p99!.value).toFixed(1)} ms; sent ${p50!.sent}, completed ${p50!.completed}, unfinished ${p50!.unfinished}, ` +
            `errors ${p50!.errors}; generator lag p99 ${Number(s.lagP99Ms).toFixed(1)} ms, ${Number(s.achievedRps).toFixed(0)} req/s issued` +
            `${p50!.generatorLimited ? ' (generator-limited)' : ''}`,
        );
      }
    } finally {
      await Promise.all([generator?.stop(), ...[...servers.values()].map((s) => s.stop())]);
    }
  },
});
