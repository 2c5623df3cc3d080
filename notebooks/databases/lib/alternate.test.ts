import { describe, expect, it } from 'vitest';
import { alternate } from './alternate.ts';

describe('alternate', () => {
  it('runs each loop in blocks, rotating which goes first each round', async () => {
    const order: string[] = [];
    const loop = (name: string) => (n: number) => void order.push(`${name}${n}`);
    await alternate([loop('a'), loop('b'), loop('c')], 3, 5, () => 0);
    expect(order).toEqual(['a5', 'b5', 'c5', 'b5', 'c5', 'a5', 'c5', 'a5', 'b5']);
  });

  it('charges each loop the time of its own blocks only, per iteration', async () => {
    // A clock that moves only while a loop runs: loop a takes 10 ms a block, loop b 30 ms.
    let t = 0;
    const work = (ms: number) => async () => {
      t += ms;
    };
    const perIteration = await alternate([work(10), work(30)], 4, 100, () => t);
    expect(perIteration).toEqual([0.1, 0.3]);
  });

  it('awaits an async loop before timing the next', async () => {
    let t = 0;
    const slow = async () => {
      await new Promise((r) => setTimeout(r, 1));
      t += 7;
    };
    expect(await alternate([slow, () => {}], 2, 1, () => t)).toEqual([7, 0]);
  });
});
