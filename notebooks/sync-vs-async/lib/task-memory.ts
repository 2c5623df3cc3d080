/**
 * In a child process started with --expose-gc: the memory of N bare async tasks, each an async
 * function suspended on `await setTimeout(holdMs)` (a promise, a timer, a suspended frame), with
 * no socket and no request. Prints `{ rssDeltaKB, heapDeltaKB }` for all N together.
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
  process.stdout.write(
    `${JSON.stringify({ rssDeltaKB: (during.rss - before.rss) / 1024, heapDeltaKB: (during.heapUsed - before.heapUsed) / 1024 })}\n`,
  );
  await Promise.all(all);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(Number(process.argv[2]), Number(process.argv[3])).catch((error) => {
    process.stderr.write(`${(error as Error).stack ?? error}\n`);
    process.exit(1);
  });
}
