/**
 * In a child process started with --expose-gc: the memory of N bare async tasks, each an async
 * function suspended on `await setTimeout(holdMs)` (a promise, a timer, a suspended frame), with
 * no socket and no request. Prints `{ rssDeltaKB, heapDeltaKB }` for all N together, then exits at
 * once: `holdMs` only has to outlast the measurement, and nobody needs to wait for the timers.
 * Usage: `node --expose-gc --import tsx task-memory.ts <n> <holdMs>`.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

async function main(n: number, holdMs: number) {
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
  const task = async (i: number) => {
    await sleep(holdMs);
    return i;
  };
  await Promise.all(Array.from({ length: 100 }, () => sleep(5))); // warm-up: the timer and promise machinery
  gc();
  const before = process.memoryUsage();
  const all = Array.from({ length: n }, (_, i) => task(i));
  gc();
  const during = process.memoryUsage();
  // `tasks: all.length` keeps the tasks reachable until the figures are taken.
  const result = {
    tasks: all.length,
    rssDeltaKB: (during.rss - before.rss) / 1024,
    heapDeltaKB: (during.heapUsed - before.heapUsed) / 1024,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(Number(process.argv[2]), Number(process.argv[3])).catch((error) => {
    process.stderr.write(`${(error as Error).stack ?? error}\n`);
    process.exit(1);
  });
}
