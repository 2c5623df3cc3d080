/**
 * A worker thread of the front end + pool form: one blocking libpq connection (pg-native), opened
 * when the thread starts, and the business logic in its blocking version. The thread blocks in
 * libpq while the database works; the front end's event loop keeps serving HTTP meanwhile.
 * (pg-native loads in more than one thread thanks to the libpq patch in patches/.)
 */
import Native from 'pg-native';
import { workerData } from 'piscina';
import { blockingRequest, type Answer, type Mix, SESSION } from './business.ts';
import { arriveAndWait } from '../../lib/thread-barrier.mjs';

const { url, mix } = workerData as { url: string; mix: Mix };
const db = new Native();
db.connectSync(url);
db.querySync(SESSION);

/** One request (its category), or a barrier that returns once `of` threads are inside it at once. */
export type Task = { category: number } | { barrier: SharedArrayBuffer; of: number };

export default function run(task: Task): Answer | null {
  if ('category' in task) return blockingRequest(db, mix, task.category);
  // Every thread holds one barrier task at once: afterwards each has started and connected.
  arriveAndWait(task.barrier, task.of);
  return null;
}
