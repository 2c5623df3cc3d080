/**
 * How a number on the site is estimated from repeated trials: the median, with a 95 % percentile
 * bootstrap interval (simple-statistics does the sampling and the quantiles; the resampling is
 * seeded, so the same trials always give the same interval). Ratios between two variants are
 * estimated the same way, over trial pairs when the trials were interleaved (trial i of A ran
 * beside trial i of B, so drift in the machine cancels out of their ratio).
 */
import { median, quantileSorted, sampleWithReplacement } from 'simple-statistics';
import { mulberry32 } from './random.ts';

/** The one median of the project (the middle value, or the mean of the two middle ones), simple-statistics'. */
export { median };

export interface Estimate {
  median: number;
  /** Lower and upper ends of the interval. With one trial they equal the median: no spread is known. */
  lo: number;
  hi: number;
  /** How many trials it rests on. */
  n: number;
}

export interface EstimateOptions {
  /** 0.95 unless said. */
  confidence?: number;
  resamples?: number;
  seed?: number;
}

const finite = (values: number[]) => values.filter((v) => Number.isFinite(v));

/** Pure: the median of trial values and its bootstrap interval; NaN everywhere when there are none. */
export function estimate(values: number[], options: EstimateOptions = {}): Estimate {
  const xs = finite(values);
  if (xs.length === 0) return { median: NaN, lo: NaN, hi: NaN, n: 0 };
  const m = median(xs);
  if (xs.length === 1) return { median: m, lo: m, hi: m, n: 1 };
  const random = mulberry32(options.seed ?? 1);
  const medians: number[] = [];
  for (let i = 0; i < (options.resamples ?? 2000); i++) medians.push(median(sampleWithReplacement(xs, xs.length, random)));
  return withInterval(m, medians, xs.length, options.confidence);
}

/**
 * Pure: the ratio a / b (median) with its interval. Paired when both have the same number of
 * trials and `paired` is not false: the ratio of each pair, then as `estimate`. Otherwise each
 * side is resampled on its own and the ratio of their medians taken.
 */
export function ratioEstimate(a: number[], b: number[], options: EstimateOptions & { paired?: boolean } = {}): Estimate {
  const paired = options.paired !== false && a.length === b.length;
  if (paired) {
    const ratios = a.map((x, i) => x / b[i]!).filter((r) => Number.isFinite(r));
    return estimate(ratios, options);
  }
  const xa = finite(a);
  const xb = finite(b);
  if (xa.length === 0 || xb.length === 0) return { median: NaN, lo: NaN, hi: NaN, n: 0 };
  const m = median(xa) / median(xb);
  const n = Math.min(xa.length, xb.length);
  if (xa.length === 1 && xb.length === 1) return { median: m, lo: m, hi: m, n };
  const random = mulberry32(options.seed ?? 1);
  const ratios: number[] = [];
  for (let i = 0; i < (options.resamples ?? 2000); i++) {
    ratios.push(median(sampleWithReplacement(xa, xa.length, random)) / median(sampleWithReplacement(xb, xb.length, random)));
  }
  return withInterval(m, finite(ratios), n, options.confidence);
}

function withInterval(m: number, resampled: number[], n: number, confidence = 0.95): Estimate {
  const sorted = resampled.sort((x, y) => x - y);
  const tail = (1 - confidence) / 2;
  return { median: m, lo: quantileSorted(sorted, tail), hi: quantileSorted(sorted, 1 - tail), n };
}
