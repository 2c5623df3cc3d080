/** Bayer's published micro-benchmark, per call: 10,000,000 timeit calls on CPython 3.4. */
import { essayFigure } from '../../lib/essay-figures.ts';

const TIMEIT_CALLS = 10_000_000;

export interface EssayCall {
  variant: string;
  nsPerCall: number;
  ratio: number;
  runtime: string;
}

/** The essay's plain call and its yield-from generator call, in ns per call and as a ratio. */
export function essayCalls(): EssayCall[] {
  const plain = essayFigure('generator-overhead', 'plain function call', 'total_time');
  const gen = essayFigure('generator-overhead', 'yield from + StopIteration', 'total_time');
  const row = (variant: string, seconds: number): EssayCall => ({
    variant,
    nsPerCall: (seconds / TIMEIT_CALLS) * 1e9,
    ratio: seconds / plain.value,
    runtime: 'CPython 3.4 (essay, 2015)',
  });
  return [row('plain call', plain.value), row('generator, yield from', gen.value)];
}
