// What does handing control from one task to another cost? Four ping-pongs, each in its own child
// process pinned to one core (so every hand-over between threads or processes is a real context
// switch on that core, not two cores running side by side): two threads waking each other through
// a futex (Atomics.wait/notify), two processes writing one byte through named pipes, and two async
// functions handing a baton over, once through the microtask queue and once through a full turn
// of the event loop (setImmediate). Fixed round trips timed with performance.now(); nanoseconds
// per switch = elapsed / (2 × round trips). Every repeat is a row (the
// `median` column flags the middle one).
import { spawn } from 'node:child_process';
import { cell, z } from '../../runners/sdk.ts';
import { detectPinning, pinnedCommand } from '../lib/cpus.ts';
import { PINGPONG_FILE, type PingPongMode } from './lib/pingpong.ts';

const MODES: { mode: PingPongMode; label: string; kind: string }[] = [
  { mode: 'threads', label: 'two threads (Atomics.wait / notify)', kind: 'OS' },
  { mode: 'processes', label: 'two processes (a pipe each way)', kind: 'OS' },
  { mode: 'immediate', label: 'two async tasks, via the event loop (setImmediate)', kind: 'event loop' },
  { mode: 'promises', label: 'two async tasks, via promises (microtasks)', kind: 'event loop' },
];

export default cell({
  title: 'Context switches: threads, processes and async tasks, ns per switch',
  params: z.object({
    rounds: z.number().int().positive(), // round trips per repeat for threads and processes
    taskRounds: z.number().int().positive(), // round trips per repeat for the async tasks
    repeats: z.number().int().positive(),
  }),
  presets: {
    quick: { rounds: 5_000, taskRounds: 100_000, repeats: 3 },
    full: { rounds: 50_000, taskRounds: 1_000_000, repeats: 7 },
  },
  timeoutMs: 5 * 60_000,
  async run({ params, row, log, progress, provenance, scratchDir }) {
    const cpus = detectPinning();
    // Both parties on one core: the server core (CPU 0), or unpinned on a 1-core machine.
    const core = cpus.pinned ? cpus.server!.split(/[-,]/)[0]! : null;
    provenance({ pinned: core ? `taskset: each ping-pong (both parties) on CPU ${core}` : cpus.describe });
    let done = 0;
    for (const { mode, label, kind } of MODES) {
      const rounds = mode === 'threads' || mode === 'processes' ? params.rounds : params.taskRounds;
      const [cmd, args] = pinnedCommand(core, process.execPath, [
        '--import', 'tsx', PINGPONG_FILE, mode, String(rounds), String(params.repeats), scratchDir,
      ]);
      const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      const code = await new Promise<number | null>((resolve, reject) => (child.once('error', reject), child.once('close', resolve)));
      if (code !== 0) throw new Error(`the ${mode} ping-pong exited with code ${code}`);
      const { nsPerSwitch } = JSON.parse(out.trim().split('\n').pop()!) as { nsPerSwitch: number[] };
      const sorted = [...nsPerSwitch].sort((a, b) => a - b);
      const median = sorted[Math.floor(sorted.length / 2)]!;
      const medianAt = nsPerSwitch.indexOf(median);
      nsPerSwitch.forEach((ns, i) => row({ switch: label, kind, repeat: i + 1, roundTrips: rounds, nsPerSwitch: ns, median: i === medianAt }));
      log(`${label}: median ${median.toFixed(0)} ns per switch (${sorted.map((x) => x.toFixed(0)).join(', ')})`);
      progress(++done, MODES.length, label);
    }
  },
});
