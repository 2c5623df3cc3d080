// One of the essay's `Thread(target=func)`: a worker thread that runs one job and ends.
import { parentPort, workerData } from 'node:worker_threads';
import { closeBlockingFetch } from '../../threads-vs-async/lib/blocking-fetch.mjs';
import { cpuJob, ioJobBlocking } from './jobs.mjs';

parentPort.postMessage(workerData.job === 'cpu' ? cpuJob() : ioJobBlocking(workerData.urls));
await closeBlockingFetch();
