// Twelve GETs, three workers: Dong Weiming's scraper (2016), five ways, against a local server
// that answers /get?a=N after a set delay (lib/latency-server.ts) instead of httpbin.org.
//
// - The pools are started and warmed before the clock (every thread and process up, one untimed
//   round of each variant): a Node worker takes tens of ms to start, a Python thread microseconds.
// - "Blocking" means the thread is stuck for the whole round trip (lib/blocking-fetch.mjs).
// - The five variants are measured `trials` times, interleaved (A B C D E, A B C D E, ...); each
//   row is the median with its 95 % interval. `peakInFlight` is how many requests the server held
//   at once; `vsOneLoop` is the variant's time over the one event loop's, trial by trial, so the
//   essay's claim (a process pool 2.29 s against one loop's 0.67 s) reads off one field.
// - The full preset's round trip is 0.5 ± 0.1 s, a third of the essay-like 1.5 ± 0.3 s
//   (ESSAY_ROUND_TRIPS.dongWeiming2016): that is what makes five trials fit in about 50 s, and it is
//   the delay fetch-12-python.py runs his Python against, so the two cells' seconds compare. Our
//   seconds are shorter for it; `roundTrips` (seconds over the delay) and `vsOneLoop` are not.
import { Piscina } from 'piscina';
import Tinypool from 'tinypool';
import { cell, interleaved, z } from '../../runners/sdk.ts';
import { startLatencyServer } from '../lib/latency-server.ts';
import { APPROACHES, chunks, essayFetchRows } from './lib/essay.ts';
import { keepingTrials, pairedRatio } from './lib/paired-ratio.ts';

const WORKERS = 3;
const NUMBERS = Array.from({ length: 12 }, (_, i) => i);

interface Variant {
  approach: string;
  variant: string;
  fetch12: () => Promise<string[]>;
}

export default cell({
  title: 'Twelve fetches, three workers',
  params: z.object({
    delayMs: z.number().nonnegative(), // the server's mean delay per request
    jitterMs: z.number().nonnegative(), // ± uniform jitter around it
    trials: z.number().int().positive(), // measurements of each variant, interleaved
  }),
  presets: {
    quick: { delayMs: 150, jitterMs: 30, trials: 2 },
    full: { delayMs: 500, jitterMs: 100, trials: 5 },
  },
  timeoutMs: 10 * 60_000,
  async run({ params, row, trial, reference, progress, signal, log }) {
    for (const r of essayFetchRows()) reference(r);
    const server = await startLatencyServer(params);
    const urls = NUMBERS.map((a) => `${server.url}/get?a=${a}`);
    const threads = new Piscina({
      filename: new URL('./lib/fetch-worker.mjs', import.meta.url).href,
      minThreads: WORKERS,
      maxThreads: WORKERS,
      execArgv: [], // plain JavaScript workers: no TypeScript loader
    });
    // ProcessPoolExecutor's counterpart: tinypool with its child_process runtime.
    const processes = new Tinypool({
      filename: new URL('./lib/fetch-process.mjs', import.meta.url).href,
      runtime: 'child_process',
      minThreads: WORKERS,
      maxThreads: WORKERS,
      execArgv: [],
    });
    try {
      const counter = new SharedArrayBuffer(4);
      await Promise.all(Array.from({ length: WORKERS }, () => threads.run({ counter, of: WORKERS }, { name: 'barrier' })));

      const variants: Variant[] = [
        // executor.map(fetch, NUMBERS): hand the pool all twelve, take the answers in order.
        {
          approach: APPROACHES.threadPool,
          variant: 'piscina-blocking', // piscina, 3 threads, a blocking GET each
          fetch12: () => Promise.all(urls.map((url) => threads.run({ url }, { name: 'blocking' }))),
        },
        // run_in_executor per number, asyncio.wait, then sort by number: the same pool, async caller.
        {
          approach: APPROACHES.poolFromAsync,
          variant: 'piscina-from-async', // an async task per GET over the same pool
          fetch12: async () => {
            const tasks = urls.map(async (url, n) => ({ n, a: (await threads.run({ url }, { name: 'blocking' })) as string }));
            return (await Promise.all(tasks)).sort((x, y) => x.n - y.n).map((t) => t.a);
          },
        },
        // aiohttp + asyncio.gather: twelve requests in flight on the cell's own event loop.
        {
          approach: APPROACHES.oneLoop,
          variant: 'promise-all', // Promise.all over fetch
          fetch12: () => Promise.all(urls.map(async (url) => (await (await fetch(url)).json()).args.a)),
        },
        // sub_loop in each of 3 threads: every worker runs its own event loop over a third of the URLs.
        {
          approach: APPROACHES.loopPerThread,
          variant: 'piscina-promise-all', // piscina, 3 threads, Promise.all over fetch in each
          fetch12: async () =>
            (await Promise.all(chunks(urls, WORKERS).map((part) => threads.run({ urls: part }, { name: 'eventLoop' })))).flat(),
        },
        // ProcessPoolExecutor: three child processes, one blocking GET at a time each.
        {
          approach: APPROACHES.processPool,
          variant: 'tinypool-processes', // 3 child processes, a blocking GET each
          fetch12: () => Promise.all(urls.map((url) => processes.run({ url }) as Promise<string>)),
        },
      ];

      // Warm-up, untimed: each thread's helper, each connection, the JIT.
      for (const v of variants) await v.fetch12();

      const sink = keepingTrials(trial);
      const rows = await interleaved(
        { trial: sink.trial, progress, signal },
        {
          trials: params.trials,
          variants,
          key: (v) => ({
            approach: v.approach,
            variant: v.variant,
            run: `node-${process.versions.node}`, // here, on loopback
            delayMs: params.delayMs,
            jitterMs: params.jitterMs,
          }),
          async measure(v) {
            await server.stats(true);
            const t = performance.now();
            const answers = await v.fetch12();
            const seconds = (performance.now() - t) / 1000;
            if (answers.join() !== NUMBERS.join()) throw new Error(`${v.variant}: wrong answers ${answers.join()}`);
            const { peakInFlight } = await server.stats(true);
            return { seconds, ...(params.delayMs > 0 ? { roundTrips: seconds / (params.delayMs / 1000) } : {}), peakInFlight };
          },
        },
      );
      for (const r of rows) {
        const vs = pairedRatio('vsOneLoop', sink.trials, 'seconds', { approach: r.approach }, { approach: APPROACHES.oneLoop });
        row({ ...r, ...vs });
        log(
          `${r.variant}: ${Number(r.seconds).toFixed(3)} s, ${Number(vs.vsOneLoop).toFixed(2)}× one loop, at most ${r.peakInFlight} requests in flight`,
        );
      }
    } finally {
      await threads.destroy();
      await processes.destroy();
      await server.stop();
    }
  },
});
