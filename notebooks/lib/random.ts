/**
 * Whole-number draws from the project's one seeded PRNG (core/random.ts, mulberry32), so every
 * variant of a cell sees the same "random" work: `seededRandom(seed)(n)` is an integer in [0, n).
 */
import { mulberry32 } from '../../core/random.ts';

export function seededRandom(seed: number): (n: number) => number {
  const next = mulberry32(seed);
  return (n: number) => Math.floor(next() * n);
}
