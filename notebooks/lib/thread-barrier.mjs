/**
 * A barrier for worker threads: each caller blocks its thread until `of` threads are inside it at
 * once. A pool proves with it that all its threads have started (and done their setup) before
 * anything is timed: give each thread one barrier task at the same time. Plain JavaScript, so a
 * worker loaded without TypeScript can use it too.
 *
 * @param {SharedArrayBuffer} buffer four bytes shared by every caller, zero at first
 * @param {number} of how many threads must arrive
 * @param {number} [giveUpMs] how long to wait before saying how many came
 */
export function arriveAndWait(buffer, of, giveUpMs = 60_000) {
  const count = new Int32Array(buffer);
  Atomics.add(count, 0, 1);
  Atomics.notify(count, 0);
  const giveUp = Date.now() + giveUpMs;
  for (let n = Atomics.load(count, 0); n < of; n = Atomics.load(count, 0)) {
    if (Date.now() > giveUp) throw new Error(`only ${n} of ${of} worker threads started`);
    Atomics.wait(count, 0, n, 100);
  }
}
