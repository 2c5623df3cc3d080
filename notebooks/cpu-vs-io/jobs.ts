// luminousmen's two jobs, each run ten times five ways: a CPU-bound one (7777 ** 200000, here as
// BigInt) and an I/O-bound one (fetch 4 URLs in turn, here from the local latency server).
// All ten (job, variant) pairs are measured `trials` times, interleaved; a row is the median with
// its 95 % interval. `speedup` is the sequential time over the variant's, for the same job, taken
// trial by trial (the two ran side by side in each round).
//
// Measured honestly, with what that leaves out:
// - This machine's cores cap what parallelism can give the CPU job: `cores` is on every row.
// - `threads` and `processes` (ten of each) start theirs inside the clock, as the essay's
//   Thread() and Process() did; the pool is started and warmed before it, as a server's would be.
// - Threads and processes fetch with a blocking GET (../threads-vs-async/lib/blocking-fetch.mjs);
//   the sequential and async variants await fetch on the cell's own thread.
// - The full preset's round trip is 0.3 ± 0.06 s, not the essay-like 0.75 ± 0.15 s
//   (ESSAY_ROUND_TRIPS.luminousmen): the sequential I/O job alone is 40 round trips, and five
//   trials of everything must fit in about 150 s. The cost: starting ten threads or processes
//   weighs more against a shorter wait, so their I/O speed-ups come out a little lower.
import { availableParallelism } from 'node:os';
import type { RowData } from '../../core/protocol.ts';
import { cell, interleaved, z } from '../../runners/sdk.ts';
import { startLatencyServer } from '../lib/latency-server.ts';
import { keepingTrials, pairedRatio } from '../threads-vs-async/lib/paired-ratio.ts';
import { essayJobRows, type JobKind } from './lib/essay.ts';
import { defaultPoolThreads, openPool, VARIANTS, type Job } from './lib/variants.ts';

const TIMES = 10;
const URLS = 4;

export default cell({
  title: 'CPU-bound and I/O-bound, five ways',
  params: z.object({
    delayMs: z.number().nonnegative(), // the latency server's mean delay per request
    jitterMs: z.number().nonnegative(),
    trials: z.number().int().positive(), // measurements of each job and variant, interleaved
  }),
  presets: {
    quick: { delayMs: 150, jitterMs: 30, trials: 2 },
    full: { delayMs: 300, jitterMs: 60, trials: 5 },
  },
  timeoutMs: 15 * 60_000,
  async run({ params, row, trial, reference, progress, signal, log }) {
    for (const r of essayJobRows()) reference(r);
    const cores = availableParallelism();
    const server = await startLatencyServer(params);
    const closePool = await openPool();
    try {
      const urls = Array.from({ length: URLS }, (_, a) => `${server.url}/get?a=${a}`);
      const jobs: Array<[JobKind, Job]> = [
        ['cpu', { kind: 'cpu' }],
        ['io', { kind: 'io', urls }],
      ];
      const parallelism: Record<string, number> = {
        sequential: 1,
        threads: TIMES,
        processes: TIMES,
        async: 1,
        'async-pool': defaultPoolThreads(),
      };
      const variants = jobs.flatMap(([job, spec]) => Object.entries(VARIANTS).map(([variant, run]) => ({ job, spec, variant, run })));

      const sink = keepingTrials(trial);
      const rows = await interleaved(
        { trial: sink.trial, progress, signal },
        {
          trials: params.trials,
          variants,
          key: ({ job, spec, variant }) => ({
            job,
            variant,
            parallelism: parallelism[variant] ?? null,
            cores,
            coreLimit: spec.kind === 'cpu' ? cores : null, // the most parallelism can give this job here
            delayMs: params.delayMs,
            jitterMs: params.jitterMs,
          }),
          async measure({ spec, variant, run }) {
            await server.stats(true);
            const t = performance.now();
            const results = await run(spec, TIMES);
            const seconds = (performance.now() - t) / 1000;
            if (results.length !== TIMES) throw new Error(`${variant}: ${results.length} of ${TIMES} jobs came back`);
            const measures: Record<string, number> = { seconds };
            if (spec.kind === 'io') measures.peakInFlight = (await server.stats(true)).peakInFlight;
            return measures;
          },
        },
      );
      for (const r of rows) {
        const speedup = pairedRatio(
          'speedup',
          sink.trials,
          'seconds',
          { job: r.job, variant: 'sequential' },
          { job: r.job, variant: r.variant },
        );
        // The CPU job makes no requests: no peak in flight (rather than the NaN of no trials).
        const noRequests: RowData = r.job === 'cpu' ? { peakInFlight: null, peakInFlightLo: null, peakInFlightHi: null } : {};
        row({ ...r, ...noRequests, ...speedup });
        log(`${r.job} · ${r.variant}: ${Number(r.seconds).toFixed(3)} s (${Number(speedup.speedup).toFixed(2)}× sequential)`);
      }
    } finally {
      await closePool();
      await server.stop();
    }
  },
});
