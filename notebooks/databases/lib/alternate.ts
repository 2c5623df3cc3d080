/**
 * Times several loops against each other in one trial: they take turns in blocks of `block`
 * iterations, the order rotating each round, so a slow moment of the machine (another process, a
 * garbage collection) falls on all of them alike instead of on whichever ran then. The clock is
 * passed in so the bookkeeping can be tested without timing anything.
 */
export type Loop = (n: number) => Promise<void> | void;

/** Milliseconds per iteration of each loop, over `rounds` turns of `block` iterations each. */
export async function alternate(loops: readonly Loop[], rounds: number, block: number, clock = () => performance.now()): Promise<number[]> {
  const spent = loops.map(() => 0);
  for (let round = 0; round < rounds; round++) {
    for (let j = 0; j < loops.length; j++) {
      const k = (j + round) % loops.length;
      const t0 = clock();
      await loops[k](block);
      spent[k] += clock() - t0;
    }
  }
  return spent.map((ms) => ms / (rounds * block));
}
