// What does it cost to get a value back through a generator, a promise or a callback instead of
// a plain return? The essay's shape: bar() calls foo(), which returns 5, in six styles.
import { do_not_optimize, measure } from 'mitata';
import { cell, z } from '../../runners/sdk.ts';
import { essayCalls } from './lib/essay.ts';

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
const variants: Array<[string, () => unknown]> = [
  ['plain call', () => do_not_optimize(plainBar())],
  ['generator, next()', () => do_not_optimize(genBar())],
  ['generator, yield*', () => do_not_optimize(delegate())],
  ['callback', () => do_not_optimize(callbackBar())],
  ['promise .then', thenBar],
  ['async/await', asyncBar],
];

export default cell({
  title: 'One call, six ways to return a value',
  params: z.object({ cpuTimeMs: z.number().positive() }), // mitata's minimum time per variant
  presets: { quick: { cpuTimeMs: 50 }, full: { cpuTimeMs: 1000 } },
  timeoutMs: 5 * 60_000,
  async run({ params, row, reference, progress }) {
    essayCalls().forEach((r) => reference({ ...r }));
    let plainNs = 0;
    for (const [i, [variant, fn]] of variants.entries()) {
      const stats = await measure(fn, { min_cpu_time: params.cpuTimeMs * 1e6 });
      if (i === 0) plainNs = stats.avg;
      row({
        variant,
        nsPerCall: stats.avg,
        p50: stats.p50,
        p99: stats.p99,
        ratio: stats.avg / plainNs,
        runtime: `Node ${process.versions.node}`,
      });
      progress(i + 1, variants.length, variant);
    }
  },
});
