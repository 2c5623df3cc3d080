// One process of the child-process pool (tinypool's child_process runtime): takes one URL at a
// time and fetches it blocking, its only thread waiting, as a ProcessPoolExecutor worker does in
// requests.get.
import { blockingFetchJson } from './blocking-fetch.mjs';

export default function fetchBlocking({ url }) {
  return blockingFetchJson(url).args.a;
}
