/**
 * Ping-pong between two parties, timed as a fixed number of round trips with performance.now()
 * (not mitata: mitata times one function on one thread, and a round trip here spans two threads or
 * two processes). Each round trip is two switches (there and back), so ns per switch is the
 * elapsed time over 2 × rounds. A warm-up of a tenth of the rounds comes first in every trial.
 *
 * - threads:   the main thread and a worker thread flip an Int32 in a SharedArrayBuffer and wake
 *              each other with Atomics.notify; each sleeps in Atomics.wait (a futex) in between.
 * - processes: two processes, two named pipes (FIFOs), one byte each way, with blocking
 *              readSync/writeSync: no event loop in the path, only system calls.
 * - promises:  two async functions in one thread hand a baton back and forth; each `await`
 *              suspends one and the microtask queue resumes the other.
 * - immediate: the same two async functions, but each hand-over goes through setImmediate, so
 *              every switch is a full turn of the event loop (what a task woken by I/O would pay).
 *
 * Run as a child process (pinned by the caller): `pingpong.ts <dir>`. It stays up and runs one
 * trial per line `<mode> <rounds>` read on stdin, printing one JSON line `{ nsPerSwitch }` for
 * each, so the cell can interleave the modes' trials without paying a process start per trial; it
 * exits when stdin closes. See pingpong-process.ts for the parent's side.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

export type PingPongMode = 'threads' | 'processes' | 'promises' | 'immediate';

const THREAD_PARTNER = `
const { workerData } = require('node:worker_threads');
const f = new Int32Array(workerData.sab);
for (let i = 0; i < workerData.total; i++) {
  while (Atomics.load(f, 0) === 0) Atomics.wait(f, 0, 0);
  Atomics.store(f, 0, 0);
  Atomics.notify(f, 0);
}`;

async function threads(rounds: number, warm: number): Promise<number> {
  const sab = new SharedArrayBuffer(4);
  const f = new Int32Array(sab);
  const worker = new Worker(THREAD_PARTNER, { eval: true, workerData: { sab, total: warm + rounds } });
  const trip = () => {
    Atomics.store(f, 0, 1);
    Atomics.notify(f, 0);
    while (Atomics.load(f, 0) === 1) Atomics.wait(f, 0, 1);
  };
  for (let i = 0; i < warm; i++) trip();
  const t0 = performance.now();
  for (let i = 0; i < rounds; i++) trip();
  const ms = performance.now() - t0;
  await worker.terminate();
  return ms;
}

const PIPE_PARTNER = `
const fs = require('node:fs');
const [dir, total] = [process.argv[1], Number(process.argv[2])];
const r = fs.openSync(dir + '/ab', 'r');
const w = fs.openSync(dir + '/ba', 'w');
const b = Buffer.alloc(1);
for (let i = 0; i < total; i++) { fs.readSync(r, b, 0, 1, null); fs.writeSync(w, b, 0, 1); }`;

async function processes(rounds: number, warm: number, dir: string): Promise<number> {
  const ab = join(dir, `ab`);
  const ba = join(dir, `ba`);
  for (const p of [ab, ba]) spawnSync('rm', ['-f', p]);
  spawnSync('mkfifo', [ab, ba]);
  // The partner inherits this process's CPU affinity (taskset), so both sit on the same core(s).
  const partner = spawn(process.execPath, ['-e', PIPE_PARTNER, dir, String(warm + rounds)], { stdio: 'inherit' });
  const exited = new Promise((r) => partner.once('exit', r));
  const w = openSync(ab, 'w'); // blocks until the partner opens ab for reading
  const r = openSync(ba, 'r');
  const b = Buffer.alloc(1);
  const trip = () => {
    writeSync(w, b, 0, 1);
    readSync(r, b, 0, 1, null);
  };
  for (let i = 0; i < warm; i++) trip();
  const t0 = performance.now();
  for (let i = 0; i < rounds; i++) trip();
  const ms = performance.now() - t0;
  closeSync(w);
  closeSync(r);
  await exited;
  return ms;
}

/** A one-slot hand-over between two async functions. */
class Baton {
  private waiter: (() => void) | null = null;
  private pending = false;
  constructor(private readonly viaLoop: boolean) {}
  pass(): void {
    const w = this.waiter;
    if (!w) return void (this.pending = true);
    this.waiter = null;
    if (this.viaLoop) setImmediate(w);
    else w();
  }
  wait(): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((r) => (this.waiter = r));
  }
}

async function tasks(rounds: number, warm: number, viaLoop: boolean): Promise<number> {
  const run = async (n: number) => {
    const toB = new Baton(viaLoop);
    const toA = new Baton(viaLoop);
    const b = (async () => {
      for (let i = 0; i < n; i++) {
        await toB.wait();
        toA.pass();
      }
    })();
    const a = (async () => {
      for (let i = 0; i < n; i++) {
        toB.pass();
        await toA.wait();
      }
    })();
    await Promise.all([a, b]);
  };
  await run(warm);
  const t0 = performance.now();
  await run(rounds);
  return performance.now() - t0;
}

async function trial(mode: PingPongMode, rounds: number, dir: string): Promise<number> {
  const warm = Math.max(100, Math.round(rounds / 10));
  const ms =
    mode === 'threads'
      ? await threads(rounds, warm)
      : mode === 'processes'
        ? await processes(rounds, warm, dir)
        : await tasks(rounds, warm, mode === 'immediate');
  return (ms * 1e6) / (2 * rounds);
}

async function main(dir: string) {
  // One trial at a time, in the order asked: a line arriving mid-trial waits for the next turn.
  for await (const line of createInterface({ input: process.stdin })) {
    const [mode, rounds] = line.trim().split(' ');
    process.stdout.write(`${JSON.stringify({ nsPerSwitch: await trial(mode as PingPongMode, Number(rounds), dir) })}\n`);
  }
}

export const PINGPONG_FILE = fileURLToPath(import.meta.url);

if (process.argv[1] === PINGPONG_FILE) {
  main(process.argv[2]!).catch((error) => {
    process.stderr.write(`${(error as Error).stack ?? error}\n`);
    process.exit(1);
  });
}
