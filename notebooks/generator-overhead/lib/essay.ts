/** Bayer's published micro-benchmark, per call: 10,000,000 timeit calls on CPython 3.4. */
import { essayFigure } from '../../lib/essay-figures.ts';

const TIMEIT_CALLS = 10_000_000;

export interface EssayCall {
  variant: string;
  nsPerCall: number;
  ratio: number;
  runtime: string;
}

/** The essay's plain call and its yield-from generator call, in ns per call and as a ratio, keyed as our rows are. */
export function essayCalls(): EssayCall[] {
  const plain = essayFigure('generator-overhead', 'plain function call', 'total_time');
  const gen = essayFigure('generator-overhead', 'yield from + StopIteration', 'total_time');
  const row = (variant: string, seconds: number): EssayCall => ({
    variant,
    nsPerCall: (seconds / TIMEIT_CALLS) * 1e9,
    ratio: seconds / plain.value,
    runtime: 'essay-cpython-3.4', // CPython 3.4, the essay's, 2015
  });
  return [row('plain', plain.value), row('yield-from', gen.value)];
}
