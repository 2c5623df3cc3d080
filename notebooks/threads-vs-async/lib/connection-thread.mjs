// The thread of one connection in the thread-per-connection server (c10k-server.ts). Node cannot
// hand a socket to a worker thread, so the socket stays with the accepting thread; this thread is
// what a thread-per-connection server pays for each client: it says it is ready, then blocks, as
// a handler thread blocks in recv() on a connection that sends nothing, until the connection ends.
import { parentPort, workerData } from 'node:worker_threads';

const closed = new Int32Array(workerData.closed);
parentPort.postMessage('ready');
Atomics.wait(closed, 0, 0);
