// One client of the SELECT 1 round trips in a worker thread: one blocking libpq connection
// (pg-native), sequential queries, like a thread of a thread-per-client program. Plain JavaScript,
// so a worker starts without a TypeScript loader. It needs the libpq patch (patches/) to load in
// more than one thread. Commands come one at a time from select1-clients.ts; `run` blocks the
// thread until its end time, as a blocking client does.
import { parentPort } from 'node:worker_threads';
import Native from 'pg-native';

const now = () => performance.timeOrigin + performance.now();
let client = null;

parentPort.on('message', (m) => {
  try {
    if (m.cmd === 'connect') {
      client = new Native();
      client.connectSync(m.url);
      parentPort.postMessage({ ok: true });
    } else if (m.cmd === 'run') {
      // Query until `until`; count the answers that arrive inside the window (from, until].
      let queries = 0;
      for (let t = now(); t < m.until; ) {
        client.querySync('SELECT 1');
        t = now();
        if (t > m.from && t <= m.until) queries++;
      }
      parentPort.postMessage({ ok: true, queries });
    } else if (m.cmd === 'disconnect') {
      client?.end();
      client = null;
      parentPort.postMessage({ ok: true });
    }
  } catch (error) {
    parentPort.postMessage({ ok: false, error: String(error?.stack ?? error) });
  }
});
