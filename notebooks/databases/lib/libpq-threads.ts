/**
 * Blocking libpq in worker threads: a piscina pool in which each thread holds its own connection
 * (libpq-worker.mjs) and takes one input line per task. The threads are kept from one concurrency
 * to the next (growing to each one's count), so their code is as warm as the event loop's in this
 * process; `open` connects every thread, and the connections stay open from one load to the next.
 */
import { Piscina } from 'piscina';
import type { Line } from './dataset.ts';
import { drive, type LineResult, type Variant } from './drive.ts';
import { SQL } from './schema.ts';

export function libpqThreads(url: string, lines: readonly Line[], maxThreads: number): Variant {
  const pool = new Piscina({
    filename: new URL('./libpq-worker.mjs', import.meta.url).href,
    minThreads: 0,
    maxThreads,
    idleTimeout: 60 * 60_000,
    execArgv: [], // no TypeScript loader in the workers: they start faster
    workerData: { url, sql: SQL },
  });
  // `threads` tasks that wait for each other can only all finish if each has a thread of its own:
  // afterwards the pool has that many threads, each (dis)connected.
  const everyThread = (threads: number, connected: boolean) => {
    const counter = new SharedArrayBuffer(4);
    return Promise.all(Array.from({ length: threads }, () => pool.run({ counter, of: threads, connected })));
  };
  return {
    async open(concurrency) {
      await everyThread(concurrency, true);
      if (pool.threads.length !== concurrency) {
        const threads = pool.threads.length;
        throw new Error(`${threads} threads for ${concurrency} connections: open concurrencies in increasing order`);
      }
      return {
        run: (limits) => drive(lines, concurrency, limits, (line, stopAt) => pool.run({ line, stopAt }) as Promise<LineResult>),
        close: async () => void (await everyThread(concurrency, false)),
      };
    },
    close: () => pool.destroy(),
  };
}
