// The essay's two jobs, shared by every variant and every kind of worker. Plain JavaScript so
// worker threads and child processes load it without a TypeScript loader.
import { blockingFetchJson } from '../../threads-vs-async/lib/blocking-fetch.mjs';

/** cpu_bound(7777, 200000): one big power. Returns its size in bits, so the work is used. */
export function cpuJob() {
  return (7777n ** 200000n).toString(2).length;
}

/** io_bound(urls) with urlopen: each URL in turn, the thread blocked for every round trip. */
export function ioJobBlocking(urls) {
  return urls.map((url) => blockingFetchJson(url).args.a);
}

/** io_bound(urls) with aiohttp: each URL in turn, awaited, the thread free meanwhile. */
export async function ioJobAsync(urls) {
  const out = [];
  for (const url of urls) out.push((await (await fetch(url)).json()).args.a);
  return out;
}
