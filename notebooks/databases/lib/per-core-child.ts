/** One of perCore's processes: the pg Pool event loop over every `shards`-th input line, load after load. */
import { makeDataset } from './dataset.ts';
import { drive } from './drive.ts';
import { pgPool } from './load-pg.ts';
import type { ShardJob, ShardRequest } from './per-core.ts';

process.once('disconnect', () => process.exit(0)); // the parent is done, or gone
const message = <T>() => new Promise<T>((resolve) => process.once('message', (m) => resolve(m as T)));

const job = await message<ShardJob>();
const lines = makeDataset(job.rows, job.seed).lines.filter((_, i) => i % job.shards === job.shard);
process.send!('ready');
let open: { concurrency: number; loader: Awaited<ReturnType<typeof pgPool>> } | undefined;
for (;;) {
  const request = await message<ShardRequest>();
  if ('open' in request) {
    open = { concurrency: request.open, loader: await pgPool(job.url, request.open) };
    process.send!('open');
  } else if ('run' in request) {
    if (!open) throw new Error('run before open');
    process.send!(await drive(lines, open.concurrency, request.run, open.loader.load));
  } else {
    await open?.loader.close();
    open = undefined;
    process.send!('closed');
  }
}
