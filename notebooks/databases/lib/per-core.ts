/**
 * One async process per core: `availableParallelism()` child processes, each running the pg Pool
 * event loop over its own share of the input with its share of the connections. Each child makes
 * the data set from the same seed and keeps every n-th line, so nothing big crosses the pipe. The
 * children live from one run to the next, like the threads and the event loop in this process.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { mergeResults, now, type LoadResult, type Variant } from './drive.ts';

export interface ShardJob {
  url: string;
  rows: number;
  seed: number;
  shard: number;
  shards: number;
}

const CHILD = fileURLToPath(new URL('./per-core-child.ts', import.meta.url));

/** The next message from a child, or its exit as an error. */
function next<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`a load process exited (code ${code}) mid-run`));
    child.once('exit', onExit);
    child.once('message', (m) => (child.off('exit', onExit), resolve(m as T)));
  });
}

export async function perCore(url: string, rows: number, seed: number): Promise<Variant> {
  const shards = availableParallelism();
  const children = Array.from({ length: shards }, () => fork(CHILD, [], { execArgv: ['--import', 'tsx'], serialization: 'advanced' }));
  const ready = children.map((c) => next<'ready'>(c));
  children.forEach((c, shard) => c.send({ url, rows, seed, shard, shards } satisfies ShardJob));
  await Promise.all(ready);
  return {
    async run(concurrency, seconds) {
      const shares = children.map((_, k) => Math.floor(concurrency / shards) + (k < concurrency % shards ? 1 : 0));
      const active = children.filter((_, k) => shares[k] > 0);
      const connected = active.map((c) => next<'connected'>(c));
      active.forEach((c, k) => c.send({ concurrency: shares[k] }));
      await Promise.all(connected); // every child has its connections open: start together
      const results = active.map((c) => next<LoadResult>(c));
      const stopAt = now() + seconds * 1000;
      active.forEach((c) => c.send({ stopAt }));
      return mergeResults(await Promise.all(results));
    },
    async close() {
      children.forEach((c) => c.connected && c.disconnect());
    },
  };
}
