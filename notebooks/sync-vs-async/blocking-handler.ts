// One handler that hogs its thread, and what it does to every other request. The three deployments
// of the load sweep (4 blocking workers, one event loop, one loop per CPU) serve a light route,
// /fast (a 5 ms wait: awaited on a loop, blocking in a sync worker), to a few keep-alive
// connections, while a hog arrives on its own connection every 250 ms. The hog is one of two
// kinds: `cpu`, 50 ms of arithmetic, or `block`, a synchronous call that holds the thread for 50 ms
// without using the CPU (Atomics.wait, as a sync file read or a blocking driver would). `none` is
// the baseline: the same fast load, no hogs. For the fast requests we record p50, p99, mean and
// requests/s; with hogs, also p99 and requests/s as a fraction of the same deployment's no-hog
// trial of the same round (p99Growth, rateKept), the figure the ledger compares across deployments.
//
// The fast load is closed-loop, as wrk's and autocannon's: a connection sends its next request
// when the last is answered. A stalled connection therefore stops asking, and a stall shows up as
// one slow request per connection it caught, not as every request that users would have sent
// meanwhile; the tail here understates what open traffic would see. The hogs are open-loop, sent
// on schedule (lib/hog-load.ts). Servers run on the server CPU, the generator (both streams, one
// process) on the generator CPU; its ceiling against a canned responder is measured once per run,
// and rows within 10 % of it are marked generatorLimited.
//
// Trials: the servers and the generator stay up; each trial round measures every deployment with
// no hogs, then CPU hogs, then blocking hogs, so each hog trial has its baseline from moments
// before. Budget: a 1.25 s window (5 hogs) after 0.2 s of warm-up, 9 variants × 5 trials; the quick
// preset's window is 0.75 s (3 hogs), so its p99 rests on about ten requests above it. Traded: longer
// windows and more hogs per trial, which would steady each trial's p99.
import { availableParallelism } from 'node:os';
import type { RowData } from '../../core/protocol.ts';
import { cell, interleaved, z } from '../../runners/sdk.ts';
import { detectPinning } from '../lib/cpus.ts';
import type { RunningChild } from '../lib/child-server.ts';
import { atCeiling } from '../lib/load.ts';
import { calibrateSpin, type Deployment } from './lib/deployments.ts';
import { type HogLoadResult, startHogLoad } from './lib/hog-load.ts';
import { type HogKind, startHogServer } from './lib/hog-server.ts';
import { againstBaseline } from './lib/hog-stats.ts';

const DEPLOYMENTS: Deployment[] = ['sync', 'async', 'hybrid'];
const KINDS: ('none' | HogKind)[] = ['none', 'cpu', 'block'];

export default cell({
  title: 'A handler that hogs its thread: the other requests’ latency, sync vs async vs hybrid',
  params: z.object({
    hogMs: z.number().positive(), // how long one hog holds its thread (computing, or blocked)
    hogEveryMs: z.number().positive(), // one hog per this many ms, sent on schedule
    fastMs: z.number().nonnegative(), // how long /fast waits
    connections: z.number().int().positive(), // keep-alive connections of the fast stream
    syncWorkers: z.number().int().positive(),
    warmupMs: z.number().int().nonnegative(),
    windowMs: z.number().int().positive(),
    trials: z.number().int().positive(),
  }),
  presets: {
    quick: { hogMs: 50, hogEveryMs: 250, fastMs: 5, connections: 4, syncWorkers: 4, warmupMs: 200, windowMs: 750, trials: 2 },
    full: { hogMs: 50, hogEveryMs: 250, fastMs: 5, connections: 4, syncWorkers: 4, warmupMs: 200, windowMs: 1250, trials: 5 },
  },
  timeoutMs: 6 * 60_000,
  async run(ctx) {
    const { params, row, log, provenance } = ctx;
    const cpus = detectPinning();
    const hogIterations = calibrateSpin(params.hogMs);
    log(`CPU hog: ${hogIterations} iterations ≈ ${params.hogMs} ms on this machine`);
    const workersOf = { sync: params.syncWorkers, async: 1, hybrid: availableParallelism() };
    const spec = { fastMs: params.fastMs, hogMs: params.hogMs, hogIterations };
    const servers = new Map<Deployment | 'ceiling', RunningChild>();
    const load = startHogLoad(cpus.generator);
    try {
      // Started side by side (nothing is measured yet); any that started are stopped below.
      const started = await Promise.allSettled(
        [...DEPLOYMENTS, 'ceiling' as const].map(async (deployment) => {
          const workers = deployment === 'ceiling' ? 1 : workersOf[deployment];
          servers.set(deployment, await startHogServer({ ...spec, deployment, workers }, cpus.server));
        }),
      );
      const failed = started.find((s) => s.status === 'rejected');
      if (failed) throw failed.reason;
      const url = (d: Deployment | 'ceiling') => servers.get(d)!.url;
      const measure = (d: Deployment | 'ceiling', hog: HogKind | null, windowMs = params.windowMs) =>
        load.measure({
          url: url(d),
          connections: params.connections,
          warmupMs: params.warmupMs,
          windowMs,
          hog,
          hogEveryMs: params.hogEveryMs,
        });

      // The generator's ceiling for this shape: the same fast stream against canned bytes, best of two.
      const ceiling = Math.max(...[await measure('ceiling', null, 500), await measure('ceiling', null, 500)].map((r) => r.requestsPerSec));
      log(`generator ceiling: ${ceiling.toFixed(0)} req/s with ${params.connections} connections`);
      provenance({
        pinned: `${cpus.describe}; every deployment (all its processes) on the server CPU list`,
        loadGenerator: `closed-loop node:http client (${params.connections} keep-alive connections) and paced hog sender, one process (lib/hog-load.ts); ceiling ${ceiling.toFixed(0)} req/s`,
      });

      const variants = DEPLOYMENTS.flatMap((deployment) => KINDS.map((kind) => ({ deployment, kind })));
      const key = (v: (typeof variants)[number]) => ({ deployment: v.deployment, kind: v.kind, workers: workersOf[v.deployment] });
      const baselines = new Map<string, HogLoadResult>(); // `${deployment} ${trial}`: the round's no-hog trial
      const totals = new Map<string, { requests: number; errors: number; hogs: number; hogsAnswered: number }>();
      const summaries = await interleaved(ctx, {
        trials: params.trials,
        variants,
        key,
        async measure(v, trial) {
          const r = await measure(v.deployment, v.kind === 'none' ? null : v.kind);
          if (v.kind === 'none') baselines.set(`${v.deployment} ${trial}`, r);
          if (r.hogLateMs > 10) log(`${v.deployment} ${v.kind}: a hog went out ${r.hogLateMs.toFixed(0)} ms late`);
          const id = `${v.deployment} ${v.kind}`;
          const t = totals.get(id) ?? { requests: 0, errors: 0, hogs: 0, hogsAnswered: 0 };
          totals.set(id, {
            requests: t.requests + r.requests,
            errors: t.errors + r.errors,
            hogs: t.hogs + r.hogsSent,
            hogsAnswered: t.hogsAnswered + r.hogsAnswered,
          });
          return {
            requestsPerSec: r.requestsPerSec,
            p50Ms: r.p50Ms,
            p99Ms: r.p99Ms,
            meanMs: r.meanMs,
            ...againstBaseline(r, baselines.get(`${v.deployment} ${trial}`)!),
          };
        },
      });
      for (const s of summaries) {
        const out: RowData = {
          ...s,
          ...totals.get(`${s.deployment} ${s.kind}`)!,
          generatorLimited: atCeiling(s.requestsPerSec as number, ceiling),
        };
        row(out);
        const f = (m: string) => Number(s[m]).toFixed(1);
        log(
          `${s.deployment} ${s.kind}: ${f('requestsPerSec')} req/s, p50 ${f('p50Ms')} ms, p99 ${f('p99Ms')} ms (×${Number(s.p99Growth).toFixed(2)}), mean ${f('meanMs')} ms`,
        );
      }
    } finally {
      await load.stop();
      await Promise.all([...servers.values()].map((s) => s.stop()));
    }
  },
});
