// C10K: what it costs a server to hold N idle connections, with one event loop and with a thread
// per connection (the model the essay says could not reach ten thousand). Each server runs in its
// own child process; we read that process's resident memory (every thread included) once all N
// clients have been greeted, and time how long opening and serving them took.
//
// A Node worker thread carries its own V8 heap, so it costs megabytes where a C or Python thread
// costs tens of kilobytes: the thread server is measured up to `threadCap` connections (lowered to
// fit `memoryShare` of the free memory, sized by an untimed pilot of a few threads) and projected
// linearly beyond, in rows marked extrapolated.
//
// Every (server, connections) step is measured `trials` times, interleaved, each on a fresh
// server; a row is the median with its 95 % interval. The full preset measures threads at 250
// connections only (one pass used to reach about 670, at 15 s a step): with five trials, that keeps
// the run within about 60 s. Per-thread time grew with N there, so the projection is kind to threads.
import { freemem } from 'node:os';
import { cell, interleaved, z } from '../../runners/sdk.ts';
import { extrapolate, planSteps, threadCap } from './lib/c10k-plan.ts';
import { perMeasure } from './lib/c10k-rows.ts';
import { holdIdle } from './lib/c10k-step.ts';
import type { ServerKind } from './lib/c10k-server.ts';
import { openFilesLimit } from './lib/fd-limit.ts';

// The rows' servers: the two kinds, and the thread server projected past what was measured.
const EXTRAPOLATED = 'thread-per-connection-extrapolated';
const PILOT_THREADS = 20;

export default cell({
  title: 'Holding N idle connections',
  params: z.object({
    steps: z.array(z.number().int().positive()).nonempty(), // connection counts
    threadCap: z.number().int().positive(), // most connection threads we start
    memoryShare: z.number().positive().max(1), // share of free memory the threads may use
    trials: z.number().int().positive(), // measurements of each step, interleaved
  }),
  presets: {
    quick: { steps: [100, 300, 1000], threadCap: 100, memoryShare: 0.25, trials: 2 },
    full: { steps: [250, 1000, 2500, 5000, 10_000], threadCap: 250, memoryShare: 0.25, trials: 5 },
  },
  timeoutMs: 10 * 60_000,
  async run({ params, row, trial, progress, signal, log }) {
    const fdLimit = openFilesLimit();
    const steps = [...new Set(params.steps)].sort((a, b) => a - b);

    // Size the thread cap by what one thread costs in a small pilot, before any trial.
    const pilot = await holdIdle('thread-per-connection', Math.min(PILOT_THREADS, steps[0]!));
    const cap = threadCap(params.threadCap, freemem() * params.memoryShare, pilot.rssPerConnection);
    const plan = planSteps(steps, cap);
    log(`a connection thread costs ${(pilot.rssPerConnection / 2 ** 20).toFixed(1)} MB; measuring threads up to ${cap} connections`);

    const variants: Array<{ kind: ServerKind; n: number }> = [
      ...steps.map((n) => ({ kind: 'event-loop' as const, n })),
      ...plan.measured.map((n) => ({ kind: 'thread-per-connection' as const, n })),
    ];
    const rows = await interleaved(
      { trial, progress, signal },
      {
        trials: params.trials,
        variants,
        key: (v) => ({ server: v.kind, connections: v.n, extrapolated: false, fdLimit }),
        async measure(v) {
          const step = await holdIdle(v.kind, v.n);
          return { kbPerConnection: step.rssPerConnection / 1024, seconds: step.seconds };
        },
      },
    );
    for (const r of rows) {
      for (const m of perMeasure(r)) row(m);
      log(`${r.server}, ${r.connections}: ${Number(r.kbPerConnection).toFixed(1)} KB each, ${Number(r.seconds).toFixed(2)} s`);
    }

    const largest = rows.find((r) => r.server === 'thread-per-connection' && r.connections === Math.max(...plan.measured))!;
    for (const n of plan.extrapolated) {
      const projected = { ...extrapolate(largest, n, ['seconds']), server: EXTRAPOLATED, extrapolated: true };
      for (const m of perMeasure(projected)) row(m);
    }
  },
});
