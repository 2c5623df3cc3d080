// What does handing control from one task to another cost? Four ping-pongs, each in its own child
// process pinned to one core (so every hand-over between threads or processes is a real context
// switch on that core, not two cores running side by side): two threads waking each other through
// a futex (Atomics.wait/notify), two processes writing one byte through named pipes, and two async
// functions handing a baton over, once through the microtask queue and once through a full turn
// of the event loop (setImmediate). Fixed round trips timed with performance.now(); nanoseconds
// per switch = elapsed / (2 × round trips).
//
// Trials: one child process stays up and is asked for one trial of each mode in turn (threads,
// processes, event loop, promises, then again), so drift in the machine hits every mode alike; each row is a
// mode's median with its 95 % interval, every trial is stored. Budget: a full trial is 30,000
// round trips (600,000 for the async tasks), three fifths of the old single repeat, traded for 7
// interleaved trials where there were 7 back-to-back repeats of one mode: each trial is a little
// noisier on its own, but the interval says how much, and a slow stretch of the machine no longer
// lands on one mode only. One child process for all four modes, started once: no process start
// (or JIT warm-up) per trial, which is what paid for the quick preset's drop from 4.6 s to 1.8 s.
import { cell, interleaved, z } from '../../runners/sdk.ts';
import { detectPinning } from '../lib/cpus.ts';
import type { PingPongMode } from './lib/pingpong.ts';
import { startPingPong } from './lib/pingpong-process.ts';

// Who switches: the operating system (two threads, two processes) or the event loop (two async tasks).
const MODES: { mode: PingPongMode; kind: 'os' | 'loop' }[] = [
  { mode: 'threads', kind: 'os' },
  { mode: 'processes', kind: 'os' },
  { mode: 'immediate', kind: 'loop' },
  { mode: 'promises', kind: 'loop' },
];

export default cell({
  title: 'Context switches: threads, processes and async tasks, ns per switch',
  params: z.object({
    rounds: z.number().int().positive(), // round trips per trial for threads and processes
    taskRounds: z.number().int().positive(), // round trips per trial for the async tasks
    trials: z.number().int().positive(),
  }),
  presets: {
    quick: { rounds: 2_000, taskRounds: 40_000, trials: 3 },
    full: { rounds: 30_000, taskRounds: 600_000, trials: 7 },
  },
  timeoutMs: 5 * 60_000,
  async run(ctx) {
    const { params, row, log, provenance, scratchDir } = ctx;
    const cpus = detectPinning();
    // Both parties on one core: the server core (CPU 0), or unpinned on a 1-core machine.
    const core = cpus.pinned ? cpus.server!.split(/[-,]/)[0]! : null;
    provenance({ pinned: core ? `taskset: each ping-pong (both parties) on CPU ${core}` : cpus.describe });
    const roundsOf = (mode: PingPongMode) => (mode === 'threads' || mode === 'processes' ? params.rounds : params.taskRounds);
    const pingpong = startPingPong(scratchDir, core);
    try {
      const rows = await interleaved(ctx, {
        trials: params.trials,
        variants: MODES,
        key: ({ mode, kind }) => ({ switch: mode, kind, roundTrips: roundsOf(mode) }),
        measure: async ({ mode }) => ({ nsPerSwitch: await pingpong.trial(mode, roundsOf(mode)) }),
      });
      for (const r of rows) {
        row(r);
        log(
          `${r.switch}: median ${Number(r.nsPerSwitch).toFixed(0)} ns per switch (${Number(r.nsPerSwitchLo).toFixed(0)}–${Number(r.nsPerSwitchHi).toFixed(0)})`,
        );
      }
    } finally {
      await pingpong.stop();
    }
  },
});
