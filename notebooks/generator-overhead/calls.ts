// What does it cost to get a value back through a generator, a promise or a callback instead of
// a plain return? The essay's shape: bar() calls foo(), which returns 5, in six styles.
import { fileURLToPath } from 'node:url';
import { do_not_optimize } from 'mitata';
import { cell, z } from '../../runners/sdk.ts';
import { essayCalls } from './lib/essay.ts';
import type { Case, TrialCases } from './lib/mitata-trial.ts';
import { processTrials } from './lib/process-trials.ts';

// 1. A plain call, as the essay's return_with_normal.
const plainFoo = () => 5;
const plainBar = () => plainFoo();

// 2. The essay's decorate_to_return: drive a generator with next() and take its return value.
//    (Python must raise StopIteration to carry it; JavaScript returns {value, done: true}.)
function decorateToReturn(fn: () => Generator<never, number>) {
  return () => fn().next().value;
}
const genFoo = decorateToReturn(function* () {
  yield* []; // like `yield from range(0)`: makes foo a generator that never yields
  return 5;
});
const genBar = () => genFoo();

// 3. Delegation, as `conn = yield from db.connect()`: a generator that yield*s another.
function* delegateFoo(): Generator<never, number> {
  yield* [];
  return 5;
}
function* delegateBar(): Generator<never, number> {
  return yield* delegateFoo();
}
const delegate = () => delegateBar().next().value;

// 4. async/await: what JavaScript has instead of @asyncio.coroutine.
const asyncFoo = async () => 5;
const asyncBar = async () => await asyncFoo();

// 5. A promise chain, as code was written before await.
const thenBar = () => Promise.resolve(5).then((v) => v);

// 6. A callback, Node's oldest style.
const callbackFoo = (cb: (v: number) => void) => cb(5);
const callbackBar = () => {
  let out = 0;
  callbackFoo((v) => (out = v));
  return out;
};

// do_not_optimize is mitata's dead-code guard: the result is used, so V8 cannot drop the call.
// A function that returns a promise is awaited by mitata on every iteration, which uses its value.
const variants: Case[] = [
  ['plain', () => do_not_optimize(plainBar())],
  ['generator-next', () => do_not_optimize(genBar())],
  ['yield-star', () => do_not_optimize(delegate())],
  ['callback', () => do_not_optimize(callbackBar())],
  ['then', thenBar],
  ['async-await', asyncBar],
];

/** What each trial process times, in this order (lib/mitata-trial.ts imports this module to get it). */
export const trialCases: TrialCases = async () => ({ cases: variants });

export default cell({
  title: 'One call, six ways to return a value',
  params: z.object({
    trials: z.number().int().min(1), // separate processes, each timing every variant once
    cpuTimeMs: z.number().positive(), // mitata's minimum measured time per variant, in each process
  }),
  presets: { quick: { trials: 2, cpuTimeMs: 10 }, full: { trials: 5, cpuTimeMs: 400 } },
  timeoutMs: 5 * 60_000,
  async run(ctx) {
    essayCalls().forEach((r) => ctx.reference({ ...r }));
    const runtime = `Node ${process.versions.node}`;
    const rows = await processTrials(ctx, {
      cellFile: fileURLToPath(import.meta.url),
      trials: ctx.params.trials,
      minCpuTimeMs: ctx.params.cpuTimeMs,
      key: (variant) => ({ variant, runtime }),
      // The ratio is taken within one process, against that process's plain call.
      measures: (t, all) => ({ nsPerCall: t.avg, p50: t.p50, p99: t.p99, ratio: t.avg / all[0]!.avg }),
    });
    rows.forEach((r) => ctx.row(r));
  },
});
