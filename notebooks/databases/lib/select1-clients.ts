/**
 * The round trip in its barest form: N clients, each sending `SELECT 1` and waiting for the answer
 * before sending the next, for a fixed time. Two ways to hold N clients, as the essay compares
 * them: N worker threads each blocking on a libpq connection of its own (pg-native querySync,
 * select1-worker.mjs), or one event loop with N pg connections. Both send the same simple-protocol
 * query, open their connections before the clock starts and close them after, and count the
 * answers that arrive inside the same window: the first WARMUP of the run is left out. The threads
 * are kept from one run to the next (growing to the largest N), as a thread pool would be.
 */
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { now } from './drive.ts';

/** The share of each run left out before counting: connections' first queries, threads waking. */
export const WARMUP = 0.2;

export interface Select1Result {
  /** Answers received inside the window, over all clients. */
  queries: number;
  windowSeconds: number;
}

export interface Select1Clients {
  run(url: string, clients: number, seconds: number): Promise<Select1Result>;
  close(): Promise<void>;
}

interface Window {
  from: number;
  until: number;
}

function windowFrom(seconds: number): Window {
  const start = now();
  return { from: start + WARMUP * seconds * 1000, until: start + seconds * 1000 };
}

const result = (counts: number[], w: Window): Select1Result => ({
  queries: counts.reduce((a, b) => a + b, 0),
  windowSeconds: (w.until - w.from) / 1000,
});

type Answer = { ok: true; queries?: number } | { ok: false; error: string };

/** Sends one command to a worker and waits for its answer. */
function ask(worker: Worker, command: object): Promise<Answer & { ok: true }> {
  return new Promise((resolve, reject) => {
    const onMessage = (a: Answer) => {
      worker.off('error', onError);
      if (a.ok) resolve(a);
      else reject(new Error(a.error));
    };
    const onError = (error: Error) => (worker.off('message', onMessage), reject(error));
    worker.once('message', onMessage);
    worker.once('error', onError);
    worker.postMessage(command);
  });
}

/** N worker threads, each with one blocking libpq connection. */
export function threadClients(): Select1Clients {
  const workers: Worker[] = [];
  return {
    async run(url, clients, seconds) {
      while (workers.length < clients) {
        // No TypeScript loader in the workers: they start faster.
        workers.push(new Worker(new URL('./select1-worker.mjs', import.meta.url), { execArgv: [] }));
      }
      const mine = workers.slice(0, clients);
      try {
        await Promise.all(mine.map((w) => ask(w, { cmd: 'connect', url })));
        const w = windowFrom(seconds);
        const answers = await Promise.all(mine.map((worker) => ask(worker, { cmd: 'run', ...w })));
        return result(
          answers.map((a) => a.queries ?? 0),
          w,
        );
      } finally {
        await Promise.all(mine.map((w) => ask(w, { cmd: 'disconnect' })));
      }
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/** One event loop (this process's) with N pg connections. */
export function loopClients(): Select1Clients {
  return {
    async run(url, clients, seconds) {
      const all = Array.from({ length: clients }, () => new pg.Client({ connectionString: url }));
      const opened = await Promise.allSettled(all.map((c) => c.connect()));
      const connected = all.filter((_, i) => opened[i]!.status === 'fulfilled');
      try {
        const failed = opened.find((o) => o.status === 'rejected');
        if (failed) throw (failed as PromiseRejectedResult).reason;
        const w = windowFrom(seconds);
        const counts = await Promise.all(
          connected.map(async (client) => {
            let queries = 0;
            for (let t = now(); t < w.until; ) {
              await client.query('SELECT 1');
              t = now();
              if (t > w.from && t <= w.until) queries++;
            }
            return queries;
          }),
        );
        return result(counts, w);
      } finally {
        await Promise.all(connected.map((c) => c.end()));
      }
    },
    close: async () => {},
  };
}
