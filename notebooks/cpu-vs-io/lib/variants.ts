/**
 * The essay's five ways to run a job ten times, for either job. The thread and process variants
 * pay for starting their threads and processes inside the timed part, as the essay's Thread() and
 * Process() did; the pool is started once, before the clock (openPool).
 */
import { fork } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { cpuJob, ioJobAsync } from './jobs.mjs'; // plain JavaScript, shared with the workers

export type Job = { kind: 'cpu' } | { kind: 'io'; urls: string[] };
type Runner = (job: Job, times: number) => Promise<unknown[]>;

// Literal URLs, so the stale hash sees these modules as part of the cell.
const THREAD_JOB = new URL('./thread-job.mjs', import.meta.url);
const PROCESS_JOB = new URL('./process-job.mjs', import.meta.url);
const POOL_JOB = new URL('./pool-job.mjs', import.meta.url);
const cpu = cpuJob as () => number;
const ioAsync = ioJobAsync as (urls: string[]) => Promise<string[]>;

/** One worker thread per job, joined: `threaded(10, func)`. */
function inThread(job: Job): Promise<unknown> {
  const worker = new Worker(THREAD_JOB, { execArgv: [], workerData: { job: job.kind, urls: job.kind === 'io' ? job.urls : [] } });
  return new Promise((resolve, reject) => {
    let result: unknown;
    worker.once('message', (m) => (result = m));
    worker.once('error', reject);
    worker.once('exit', () => resolve(result));
  });
}

/** One child process per job, joined: `multiprocessed(10, func)`. */
function inProcess(job: Job): Promise<unknown> {
  const args = job.kind === 'cpu' ? ['cpu'] : ['io', ...job.urls];
  const child = fork(PROCESS_JOB, args, { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    let result: unknown;
    child.once('message', (m) => (result = m));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(result) : reject(new Error(`a job process exited with code ${code}`))));
  });
}

const repeat = <T>(times: number, f: () => T) => Array.from({ length: times }, f);

export const VARIANTS: Record<string, Runner> = {
  // simple_1 / simple_2: one job after another on this thread.
  sequential: async (job, times) => {
    const out = [];
    for (let i = 0; i < times; i++) out.push(job.kind === 'cpu' ? cpu() : await ioAsync(job.urls));
    return out;
  },
  threads: (job, times) => Promise.all(repeat(times, () => inThread(job))),
  processes: (job, times) => Promise.all(repeat(times, () => inProcess(job))),
  // gevent / asyncio without an executor: async functions on one thread. A CPU job never awaits,
  // so each runs to its end before the next starts; I/O jobs interleave at every await.
  async: (job, times) => Promise.all(repeat(times, async () => (job.kind === 'cpu' ? cpu() : ioAsync(job.urls)))),
  // run_in_executor(None, ...): async code handing blocking jobs to a long-lived pool of piscina's
  // default size, started and warmed before the clock (see openPool), as a server's pool would be.
  'async-pool': (job, times) => Promise.all(repeat(times, () => pool!.run(job, { name: job.kind }))),
};

let pool: Piscina | undefined;

/** Starts the pool with all its threads, each warmed by one CPU job; returns how to close it. */
export async function openPool(): Promise<() => Promise<void>> {
  const threads = defaultPoolThreads();
  pool = new Piscina({ filename: POOL_JOB.href, execArgv: [], minThreads: threads, maxThreads: threads });
  await Promise.all(repeat(threads, () => pool!.run({}, { name: 'cpu' })));
  return async () => {
    await pool?.destroy();
    pool = undefined;
  };
}

/** How many threads piscina's default pool may grow to here: 1.5 × the cores (piscina's default). */
export const defaultPoolThreads = () => Math.floor(availableParallelism() * 1.5);
