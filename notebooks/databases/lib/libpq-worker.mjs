// A piscina worker thread holding one blocking libpq connection (pg-native), like one of the essay's
// threads with its psycopg2 connection. Plain JavaScript so a worker starts without a TypeScript
// loader: 350 of them start noticeably faster. It needs the libpq patch (patches/) to load in more
// than one thread.
import Native from 'pg-native';
import { workerData } from 'piscina';

const { url, sql } = workerData;
let client = null;

function connect() {
  client = new Native();
  client.connectSync(url);
  client.prepareSync('geo', sql.geo, 2);
  client.prepareSync('dictionary', sql.dictionary, 1);
  client.prepareSync('insert', sql.insert, 3);
}

/** Connects (or disconnects), then blocks until `of` threads are inside at once: one task per thread. */
function everyThread({ counter, of, connected }) {
  if (connected && !client) connect();
  if (!connected && client) client.end(), (client = null);
  const a = new Int32Array(counter);
  Atomics.add(a, 0, 1);
  Atomics.notify(a, 0);
  const giveUp = Date.now() + 120_000;
  for (let n; (n = Atomics.load(a, 0)) < of; ) {
    if (Date.now() > giveUp) throw new Error(`only ${n} of ${of} worker threads started`);
    Atomics.wait(a, 0, n, 100);
  }
}

/** Wall-clock milliseconds, as lib/drive.ts's `now()`. */
const now = () => performance.timeOrigin + performance.now();

/** The essay's per-line work, blocking: when each INSERT returned, and whether the line committed (or, time up, rolled back). */
export default function loadLine(task) {
  if (task.counter) return everyThread(task);
  const { line, stopAt } = task;
  const inserted = [];
  client.querySync('begin');
  const [geo] = client.executeSync('geo', [line.fileid, line.logrecno]);
  const dictionary = client.executeSync('dictionary', [line.segment]);
  if (dictionary.length !== line.values.length) throw new Error(`segment ${line.segment}: dictionary mismatch`);
  for (let i = 0; i < line.values.length; i++) {
    if (now() >= stopAt) {
      client.querySync('rollback'); // time is up
      return { inserted, committed: false };
    }
    client.executeSync('insert', [geo.id, dictionary[i].id, line.values[i]]);
    inserted.push(now());
  }
  client.querySync('commit');
  return { inserted, committed: true };
}
