/**
 * luminousmen's published timings, keyed as our rows are (job and variant keys; the chart's
 * labels in content/charts/cpu-vs-io.json say them in words). The essay's asyncio
 * ran each job its own way: "run_in_executor() ... We will use this functionality for our
 * CPU-bound function. We will rewrite the I/O-bound function completely to await" (aiohttp on the
 * loop). So its asyncio figure sits beside our pool for the CPU job and beside our one-thread
 * async for the I/O job. gevent is cooperative code on one thread for both jobs, as async/await is.
 */
import { essayFigures, type EssayFigure } from '../../lib/essay-figures.ts';

/** The two jobs, by key: CPU-bound (10 × 7777 ** 200000) and I/O-bound (10 × fetch 4 URLs). */
export type JobKind = 'cpu' | 'io';

/** The essay's variant → what it ran for each job, and our variant that runs the same way. */
const OURS: Record<string, Record<JobKind, { ours: string; ran: string }>> = {
  sequential: {
    cpu: { ours: 'sequential', ran: 'one call after another' },
    io: { ours: 'sequential', ran: 'urlopen, one URL after another' },
  },
  'threads (10)': {
    cpu: { ours: 'threads', ran: '10 × Thread()' },
    io: { ours: 'threads', ran: '10 × Thread(), blocking urlopen' },
  },
  'processes (10)': {
    cpu: { ours: 'processes', ran: '10 × Process()' },
    io: { ours: 'processes', ran: '10 × Process(), blocking urlopen' },
  },
  'gevent green threads (10)': {
    cpu: { ours: 'async', ran: '10 × gevent.spawn on one thread' },
    io: { ours: 'async', ran: '10 × gevent.spawn, monkey-patched urlopen' },
  },
  'asyncio (run_in_executor / aiohttp)': {
    cpu: { ours: 'async-pool', ran: 'asyncio.gather of run_in_executor(None, ...)' },
    io: { ours: 'async', ran: 'asyncio.gather of aiohttp coroutines on the loop' },
  },
};

const kindOf = (f: EssayFigure): JobKind => (f.metric === 'cpu_bound_time' ? 'cpu' : 'io');

/** Pure: rows shaped like ours, with the speed-up over the essay's own sequential run. */
export function essayRows(figures: EssayFigure[]) {
  const baseline = (f: EssayFigure) => figures.find((g) => g.variant === 'sequential' && g.metric === f.metric)!.value;
  return figures.map((f) => {
    const pair = OURS[f.variant]?.[kindOf(f)];
    if (!pair) throw new Error(`no variant of ours for the essay's "${f.variant}"`);
    return {
      job: kindOf(f),
      variant: pair.ours,
      essayVariant: f.variant,
      essayRan: pair.ran,
      seconds: f.value,
      speedup: baseline(f) / f.value,
    };
  });
}

export const essayJobRows = () => essayRows(essayFigures('cpu-vs-io'));
