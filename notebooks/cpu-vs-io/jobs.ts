// luminousmen's two jobs, each run ten times five ways: a CPU-bound one (7777 ** 200000, here as
// BigInt) and an I/O-bound one (fetch 4 URLs in turn, here from the local latency server).
// `speedup` is the sequential time over the variant's, for the same job on the same machine.
//
// Measured honestly, with what that leaves out:
// - This machine's cores cap what parallelism can give the CPU job: `cores` is on every row.
// - "10 worker threads" and "10 child processes" start theirs inside the clock, as the essay's
//   Thread() and Process() did; the pool is started and warmed before it, as a server's would be.
// - Threads and processes fetch with a blocking GET (../threads-vs-async/lib/blocking-fetch.mjs);
//   the sequential and async variants await fetch on the cell's own thread.
import { availableParallelism } from 'node:os';
import { cell, z } from '../../runners/sdk.ts';
import { ESSAY_ROUND_TRIPS, startLatencyServer } from '../lib/latency-server.ts';
import { median } from '../threads-vs-async/lib/essay.ts';
import { essayJobRows, JOBS } from './lib/essay.ts';
import { defaultPoolThreads, openPool, VARIANTS, type Job } from './lib/variants.ts';

const TIMES = 10;
const URLS = 4;

export default cell({
  title: 'CPU-bound and I/O-bound, five ways',
  params: z.object({
    delayMs: z.number().nonnegative(), // the latency server's mean delay per request
    jitterMs: z.number().nonnegative(),
    cpuRepeats: z.number().int().positive(), // runs of each CPU variant; the median is kept
    ioRepeats: z.number().int().positive(),
  }),
  presets: {
    quick: { delayMs: 200, jitterMs: 40, cpuRepeats: 3, ioRepeats: 1 },
    full: { ...ESSAY_ROUND_TRIPS.luminousmen, cpuRepeats: 5, ioRepeats: 3 },
  },
  timeoutMs: 15 * 60_000,
  async run({ params, row, reference, progress, log }) {
    for (const r of essayJobRows()) reference(r);
    const cores = availableParallelism();
    const server = await startLatencyServer(params);
    const closePool = await openPool();
    try {
      const urls = Array.from({ length: URLS }, (_, a) => `${server.url}/get?a=${a}`);
      const jobs: Array<[string, Job]> = [[JOBS.cpu, { kind: 'cpu' }], [JOBS.io, { kind: 'io', urls }]];
      const parallelism: Record<string, number> = {
        sequential: 1,
        '10 worker threads': TIMES,
        '10 child processes': TIMES,
        'async/await, one thread': 1,
        'async over a worker pool': defaultPoolThreads(),
      };
      const total = jobs.length * Object.keys(VARIANTS).length;
      let done = 0;
      for (const [job, spec] of jobs) {
        let sequential = 0;
        for (const [variant, run] of Object.entries(VARIANTS)) {
          const times: number[] = [];
          await server.stats(true);
          const repeats = spec.kind === 'cpu' ? params.cpuRepeats : params.ioRepeats;
          for (let r = 0; r < repeats; r++) {
            const t = performance.now();
            const results = await run(spec, TIMES);
            times.push((performance.now() - t) / 1000);
            if (results.length !== TIMES) throw new Error(`${variant}: ${results.length} of ${TIMES} jobs came back`);
          }
          const seconds = median(times);
          if (variant === 'sequential') sequential = seconds;
          const io = spec.kind === 'io' ? { peakInFlight: (await server.stats(true)).peakInFlight } : { peakInFlight: null };
          row({
            job,
            variant,
            seconds,
            speedup: sequential / seconds,
            parallelism: parallelism[variant] ?? null,
            cores,
            coreLimit: spec.kind === 'cpu' ? cores : null, // the most parallelism can give this job here
            ...io,
            delayMs: params.delayMs,
            jitterMs: params.jitterMs,
            repeats,
          });
          log(`${job} · ${variant}: ${seconds.toFixed(3)} s (${(sequential / seconds).toFixed(2)}× sequential)`);
          progress(++done, total, `${spec.kind}: ${variant}`);
        }
      }
    } finally {
      await closePool();
      await server.stop();
    }
  },
});
