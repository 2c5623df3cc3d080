/** One of perCore's processes: the pg Pool event loop over every `shards`-th input line, run after run. */
import { makeDataset } from './dataset.ts';
import { drive } from './drive.ts';
import { pgPool } from './load-pg.ts';
import type { ShardJob } from './per-core.ts';

process.once('disconnect', () => process.exit(0)); // the parent is done, or gone
const message = <T>() => new Promise<T>((resolve) => process.once('message', (m) => resolve(m as T)));

const job = await message<ShardJob>();
const lines = makeDataset(job.rows, job.seed).lines.filter((_, i) => i % job.shards === job.shard);
process.send!('ready');
for (;;) {
  const { concurrency } = await message<{ concurrency: number }>();
  const loader = await pgPool(job.url, concurrency);
  process.send!('connected');
  const { stopAt } = await message<{ stopAt: number }>();
  const result = await drive(lines, concurrency, stopAt, loader.load);
  await loader.close();
  process.send!(result);
}
