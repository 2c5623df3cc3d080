// Twelve GETs, three workers: Dong Weiming's scraper (2016), five ways, against a local server
// that answers /get?a=N after a set delay (lib/latency-server.ts) instead of httpbin.org.
//
// - The pools are started and warmed before the clock (every thread and process up, one untimed
//   round of each variant): a Node worker takes tens of ms to start, a Python thread microseconds.
// - "Blocking" means the thread is stuck for the whole round trip (lib/blocking-fetch.mjs).
// - Each variant runs `repeats` times; `seconds` is the median, `peakInFlight` how many requests
//   the server ever held at once during it.
import { Piscina } from 'piscina';
import { cell, z } from '../../runners/sdk.ts';
import { ESSAY_ROUND_TRIPS, startLatencyServer } from '../lib/latency-server.ts';
import { APPROACHES, chunks, essayFetchRows, median } from './lib/essay.ts';
import Tinypool from 'tinypool';

const WORKERS = 3;
const NUMBERS = Array.from({ length: 12 }, (_, i) => i);

export default cell({
  title: 'Twelve fetches, three workers',
  params: z.object({
    delayMs: z.number().nonnegative(), // the server's mean delay per request
    jitterMs: z.number().nonnegative(), // ± uniform jitter around it
    repeats: z.number().int().positive(),
  }),
  presets: {
    quick: { delayMs: 150, jitterMs: 30, repeats: 3 },
    full: { ...ESSAY_ROUND_TRIPS.dongWeiming2016, repeats: 3 },
  },
  timeoutMs: 10 * 60_000,
  async run({ params, row, reference, progress, log }) {
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

      const variants: Array<[approach: string, variant: string, fetch12: () => Promise<string[]>]> = [
        // executor.map(fetch, NUMBERS): hand the pool all twelve, take the answers in order.
        [APPROACHES.threadPool, 'piscina, 3 threads, blocking GET', () => Promise.all(urls.map((url) => threads.run({ url }, { name: 'blocking' })))],
        // run_in_executor per number, asyncio.wait, then sort by number: the same pool, async caller.
        [APPROACHES.poolFromAsync, 'async task per GET over the same pool', async () => {
          const tasks = urls.map(async (url, n) => ({ n, a: (await threads.run({ url }, { name: 'blocking' })) as string }));
          return (await Promise.all(tasks)).sort((x, y) => x.n - y.n).map((t) => t.a);
        }],
        // aiohttp + asyncio.gather: twelve requests in flight on the cell's own event loop.
        [APPROACHES.oneLoop, 'Promise.all over fetch', () => Promise.all(urls.map(async (url) => (await (await fetch(url)).json()).args.a))],
        // sub_loop in each of 3 threads: every worker runs its own event loop over a third of the URLs.
        [APPROACHES.loopPerThread, 'piscina, 3 threads, Promise.all over fetch in each', async () =>
          (await Promise.all(chunks(urls, WORKERS).map((part) => threads.run({ urls: part }, { name: 'eventLoop' })))).flat()],
        // ProcessPoolExecutor: three child processes, one blocking GET at a time each.
        [APPROACHES.processPool, '3 child processes, blocking GET', () => Promise.all(urls.map((url) => processes.run({ url }) as Promise<string>))],
      ];

      for (const [i, [approach, variant, fetch12]] of variants.entries()) {
        await fetch12(); // warm-up, untimed: each thread's helper, each connection, the JIT
        const times: number[] = [];
        await server.stats(true);
        for (let r = 0; r < params.repeats; r++) {
          const t = performance.now();
          const answers = await fetch12();
          times.push((performance.now() - t) / 1000);
          if (answers.join() !== NUMBERS.join()) throw new Error(`${variant}: wrong answers ${answers.join()}`);
        }
        const { peakInFlight } = await server.stats(true);
        const seconds = median(times);
        row({
          approach,
          variant,
          run: `here, Node ${process.versions.node}, loopback`,
          seconds,
          secondsMin: Math.min(...times),
          secondsMax: Math.max(...times),
          roundTrips: params.delayMs > 0 ? seconds / (params.delayMs / 1000) : null,
          peakInFlight,
          delayMs: params.delayMs,
          jitterMs: params.jitterMs,
          repeats: params.repeats,
        });
        log(`${variant}: ${seconds.toFixed(3)} s, at most ${peakInFlight} requests in flight`);
        progress(i + 1, variants.length, variant);
      }
    } finally {
      await threads.destroy();
      await processes.destroy();
      await server.stop();
    }
  },
});
