// The worker threads of the piscina pools in fetch-12.ts. Two tasks, picked by name:
// - `blocking`: one GET, blocking this thread for the round trip (requests.get in the essay's pool);
// - `eventLoop`: a share of the URLs fetched concurrently on this thread's own event loop (the
//   essay's sub_loop: aiohttp with a new event loop in each of three threads).
import { arriveAndWait } from '../../lib/thread-barrier.mjs';
import { blockingFetchJson } from './blocking-fetch.mjs';

export function blocking({ url }) {
  return blockingFetchJson(url).args.a;
}

export async function eventLoop({ urls }) {
  return Promise.all(urls.map(async (url) => (await (await fetch(url)).json()).args.a));
}

/** Blocks until `of` threads are inside it at once: proves the pool has started all of them. */
export function barrier({ counter, of }) {
  arriveAndWait(counter, of, 30_000);
}
