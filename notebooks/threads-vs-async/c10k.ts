// C10K: what it costs a server to hold N idle connections, with one event loop and with a thread
// per connection (the model the essay says could not reach ten thousand). Each server runs in its
// own child process; we read that process's resident memory (every thread included) once all N
// clients have been greeted, and time how long opening and serving them took.
//
// A Node worker thread carries its own V8 heap, so it costs megabytes where a C or Python thread
// costs tens of kilobytes: the thread server is measured up to `threadCap` connections (lowered to
// fit `memoryShare` of the free memory) and projected linearly beyond, in rows marked extrapolated.
import { freemem } from 'node:os';
import { cell, z } from '../../runners/sdk.ts';
import { extrapolate, planSteps, threadCap } from './lib/c10k-plan.ts';
import { holdIdle, type Step } from './lib/c10k-step.ts';
import { openFilesLimit } from './lib/fd-limit.ts';

const LABEL = {
  'event-loop': 'one event loop',
  'thread-per-connection': 'a thread per connection',
  extrapolated: 'a thread per connection (extrapolated)',
};

export default cell({
  title: 'Holding N idle connections',
  params: z.object({
    steps: z.array(z.number().int().positive()).nonempty(), // connection counts
    threadCap: z.number().int().positive(), // most connection threads we start
    memoryShare: z.number().positive().max(1), // share of free memory the threads may use
  }),
  presets: {
    quick: { steps: [100, 300, 1000], threadCap: 150, memoryShare: 0.25 },
    full: { steps: [250, 1000, 2500, 5000, 10_000], threadCap: 1000, memoryShare: 0.25 },
  },
  timeoutMs: 10 * 60_000,
  async run({ params, row, progress, log }) {
    const fdLimit = openFilesLimit();
    const emit = (server: string, n: number, s: Pick<Step, 'seconds' | 'rssPerConnection'>, extrapolated: boolean) => {
      const common = { server, connections: n, extrapolated, fdLimit };
      row({ ...common, measure: 'resident memory per connection (KB)', value: s.rssPerConnection / 1024 });
      row({ ...common, measure: 'seconds to open and serve all', value: s.seconds });
    };
    const total = params.steps.length * 2;
    let done = 0;

    for (const n of params.steps) {
      const step = await holdIdle('event-loop', n);
      emit(LABEL['event-loop'], n, step, false);
      log(`event loop, ${n} connections: ${(step.rssPerConnection / 1024).toFixed(1)} KB each, ${step.seconds.toFixed(2)} s`);
      progress(++done, total, `event loop, ${n}`);
    }

    // Threads: measure the smallest step first, then size the cap by what one thread cost there.
    const steps = [...params.steps].sort((a, b) => a - b);
    const first = Math.min(steps[0]!, params.threadCap);
    const measured = new Map<number, Step>([[first, await holdIdle('thread-per-connection', first)]]);
    const perThread = measured.get(first)!.rssPerConnection;
    const cap = threadCap(params.threadCap, freemem() * params.memoryShare, perThread);
    const plan = planSteps(steps, cap);
    log(`a connection thread costs ${(perThread / 2 ** 20).toFixed(1)} MB; measuring threads up to ${cap} connections`);
    for (const n of plan.measured) {
      if (!measured.has(n)) measured.set(n, await holdIdle('thread-per-connection', n));
      emit(LABEL['thread-per-connection'], n, measured.get(n)!, false);
      log(`thread per connection, ${n}: ${(measured.get(n)!.rssPerConnection / 1024).toFixed(0)} KB each, ${measured.get(n)!.seconds.toFixed(2)} s`);
      progress(++done, total, `threads, ${n}`);
    }
    const largest = Math.max(...plan.measured);
    for (const n of plan.extrapolated) {
      emit(LABEL.extrapolated, n, extrapolate({ n: largest, ...measured.get(largest)! }, n), true);
      progress(++done, total, `threads, ${n} (extrapolated from ${largest})`);
    }
  },
});
