/**
 * One async process per core: `availableParallelism()` child processes, each running the pg Pool
 * event loop over its own share of the input with its share of the connections.
 * Each child makes the data set from the same seed and keeps every n-th line, so nothing big
 * crosses the pipe. The children live from one concurrency to the next, and their connections
 * from one load to the next, like the threads and the event loops in this process.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { mergeResults, type LoadLimits, type LoadResult, type Variant } from './drive.ts';

export interface ShardJob {
  url: string;
  rows: number;
  seed: number;
  shard: number;
  shards: number;
}

/** What the parent asks of a child, one message at a time; the child answers each when it is done. */
export type ShardRequest = { open: number } | { run: LoadLimits } | { close: true };

const CHILD = fileURLToPath(new URL('./per-core-child.ts', import.meta.url));

/** The next message from a child, or its exit as an error. */
function next<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`a load process exited (code ${code}) mid-run`));
    child.once('exit', onExit);
    child.once('message', (m) => (child.off('exit', onExit), resolve(m as T)));
  });
}

/** Sends each child its request and waits for every answer. */
function ask<T>(children: ChildProcess[], request: (k: number) => ShardJob | ShardRequest): Promise<T[]> {
  const answers = children.map((c) => next<T>(c));
  children.forEach((c, k) => c.send(request(k)));
  return Promise.all(answers);
}

export async function perCore(url: string, rows: number, seed: number): Promise<Variant> {
  const shards = availableParallelism();
  const children = Array.from({ length: shards }, () => fork(CHILD, [], { execArgv: ['--import', 'tsx'], serialization: 'advanced' }));
  await ask<'ready'>(children, (shard) => ({ url, rows, seed, shard, shards }));
  return {
    async open(concurrency) {
      const shares = children.map((_, k) => Math.floor(concurrency / shards) + (k < concurrency % shards ? 1 : 0));
      const active = children.filter((_, k) => shares[k] > 0);
      const share = (k: number) => shares[children.indexOf(active[k])];
      await ask<'open'>(active, (k) => ({ open: share(k) }));
      return {
        async run(limits) {
          // A warm-up's lines are shared as the connections are: one per connection.
          const shareOf = (k: number) =>
            limits.maxLines === undefined ? {} : { maxLines: Math.ceil((limits.maxLines * share(k)) / concurrency) };
          return mergeResults(await ask<LoadResult>(active, (k) => ({ run: { seconds: limits.seconds, ...shareOf(k) } })));
        },
        close: async () => void (await ask<'closed'>(active, () => ({ close: true }))),
      };
    },
    async close() {
      children.forEach((c) => c.connected && c.disconnect());
    },
  };
}
