// A blocking HTTP GET for Node, as `requests.get` or `urlopen` is in Python: the calling thread
// stops until the whole round trip is over, and does nothing else meanwhile.
//
// Node has no blocking socket API, so we block the way synckit and similar libraries do: a
// helper thread (one per calling thread, started on first use) does the asynchronous fetch, and
// the caller sleeps in Atomics.wait (a futex wait in the kernel, no event loop, no timers, no
// callbacks) until the helper stores the answer and wakes it. The caller then takes the answer
// synchronously off a MessagePort with receiveMessageOnPort. While it waits, the calling thread is
// as stuck as a Python thread in recv(): that is the point of this variant.
// Plain JavaScript (not TypeScript) so worker threads and child processes load it without a loader.
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';

const HELPER = `
const { workerData: { port } } = require('node:worker_threads');
port.on('message', async ({ url, flag }) => {
  const done = new Int32Array(flag);
  try {
    const res = await fetch(url);
    port.postMessage({ ok: true, body: await res.json() });
  } catch (error) {
    port.postMessage({ ok: false, error: String(error && error.message || error) });
  }
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
});
`;

let port;
let helper;

/** GET `url` and parse its JSON, blocking this thread for the whole round trip. */
export function blockingFetchJson(url) {
  if (!port) {
    const channel = new MessageChannel();
    port = channel.port1;
    helper = new Worker(HELPER, { eval: true, execArgv: [], workerData: { port: channel.port2 }, transferList: [channel.port2] });
    helper.unref();
    port.unref();
  }
  const flag = new Int32Array(new SharedArrayBuffer(4));
  port.postMessage({ url, flag: flag.buffer });
  Atomics.wait(flag, 0, 0); // this thread sleeps here until the helper has the answer
  const answer = receiveMessageOnPort(port)?.message;
  if (!answer) throw new Error(`blocking fetch of ${url}: woke without an answer`);
  if (!answer.ok) throw new Error(`blocking fetch of ${url}: ${answer.error}`);
  return answer.body;
}

/** Ends the helper thread, so the calling thread or process can exit. */
export async function closeBlockingFetch() {
  await helper?.terminate();
  port?.close();
  port = helper = undefined;
}
