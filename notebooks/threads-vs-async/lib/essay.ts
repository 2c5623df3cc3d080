/**
 * Dong Weiming's published timings (2016), paired with the variant of ours that does the same
 * thing, so a chart can set them side by side under one `approach` key (the chart's labels say
 * each in words).
 */
import { essayFigures, type EssayFigure } from '../../lib/essay-figures.ts';

/** Our five approaches, in the essay's order (the process pool comes from its server run), by the keys the rows carry. */
export const APPROACHES = {
  threadPool: 'thread-pool', // blocking GETs, a pool of 3 threads
  poolFromAsync: 'pool-from-async', // the same pool, driven from async code
  oneLoop: 'one-loop', // one event loop, all 12 at once
  loopPerThread: 'loop-per-thread', // 3 threads, an event loop each
  processPool: 'process-pool', // blocking GETs, a pool of 3 processes
} as const;

/** Which approach each of the essay's variant names is. */
const PAIRS: Record<string, string> = {
  'requests + ThreadPoolExecutor(3)': APPROACHES.threadPool,
  'asyncio + requests + ThreadPoolExecutor(3)': APPROACHES.poolFromAsync,
  'asyncio + requests + ThreadPoolExecutor': APPROACHES.poolFromAsync,
  'asyncio + aiohttp': APPROACHES.oneLoop,
  'asyncio + aiohttp + ThreadPoolExecutor(3)': APPROACHES.loopPerThread,
  'asyncio + aiohttp + ThreadPoolExecutor': APPROACHES.loopPerThread,
  'requests + ProcessPoolExecutor': APPROACHES.processPool,
};

/**
 * Pure: the essay's figures as rows shaped like ours, with `vsOneLoop`: the time over asyncio +
 * aiohttp's in the same run (laptop or server), as ours is over our one event loop's.
 */
export function essayRows(figures: EssayFigure[]) {
  const oneLoop = (f: EssayFigure) => figures.find((g) => g.experiment === f.experiment && PAIRS[g.variant] === APPROACHES.oneLoop);
  return figures.map((f) => {
    const approach = PAIRS[f.variant];
    if (!approach) throw new Error(`no approach for the essay's variant "${f.variant}"`);
    const run = f.experiment === 'fetch-12-urls-server' ? 'essay-server' : 'essay-laptop'; // the essay's runs, 2016
    const loop = oneLoop(f);
    return { approach, variant: f.variant, run, seconds: f.value, vsOneLoop: loop ? f.value / loop.value : null };
  });
}

export const essayFetchRows = () => essayRows([...essayFigures('fetch-12-urls'), ...essayFigures('fetch-12-urls-server')]);

/** Pure: `xs` cut into `n` runs of (nearly) equal length, in order, like the essay's chunks(). */
export function chunks<T>(xs: T[], n: number): T[][] {
  const size = Math.ceil(xs.length / n);
  return Array.from({ length: Math.ceil(xs.length / size) }, (_, i) => xs.slice(i * size, (i + 1) * size));
}
