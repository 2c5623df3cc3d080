/** luminousmen's published timings, relabelled with the names of our variants. */
import { essayFigures, type EssayFigure } from '../../lib/essay-figures.ts';

export const JOBS = { cpu: 'CPU-bound: 10 × 7777 ** 200000', io: 'I/O-bound: 10 × fetch 4 URLs' } as const;

/** The essay's variant → ours. gevent is cooperative code on one thread, as async/await is here. */
const OURS: Record<string, string> = {
  sequential: 'sequential',
  'threads (10)': '10 worker threads',
  'processes (10)': '10 child processes',
  'gevent green threads (10)': 'async/await, one thread',
  'asyncio (run_in_executor / aiohttp)': 'async over a worker pool',
};

/** Pure: rows shaped like ours, with the speed-up over the essay's own sequential run. */
export function essayRows(figures: EssayFigure[]) {
  const job = (f: EssayFigure) => (f.metric === 'cpu_bound_time' ? JOBS.cpu : JOBS.io);
  const baseline = (f: EssayFigure) => figures.find((g) => g.variant === 'sequential' && g.metric === f.metric)!.value;
  return figures.map((f) => {
    const variant = OURS[f.variant];
    if (!variant) throw new Error(`no variant of ours for the essay's "${f.variant}"`);
    return { job: job(f), variant, essayVariant: f.variant, seconds: f.value, speedup: baseline(f) / f.value };
  });
}

export const essayJobRows = () => essayRows(essayFigures('cpu-vs-io'));
