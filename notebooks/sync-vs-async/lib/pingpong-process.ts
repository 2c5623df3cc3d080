/**
 * The parent's side of pingpong.ts: one long-lived child (pinned with taskset when given CPUs),
 * asked for one trial at a time, of any mode. Between trials it sleeps on its stdin, so the cell
 * can interleave the modes' trials without a process start (and a JIT warm-up) for each.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { pinnedCommand } from '../../lib/cpus.ts';
import { PINGPONG_FILE, type PingPongMode } from './pingpong.ts';

export interface PingPongProcess {
  /** Runs one trial (warm-up, then `rounds` timed round trips): nanoseconds per switch. */
  trial(mode: PingPongMode, rounds: number): Promise<number>;
  /** Closes its stdin and waits until it has exited (a crash shows in trial(), not here). */
  stop(): Promise<void>;
}

/** Pure: the nanoseconds per switch in one line the child printed. */
export function parseTrialLine(line: string): number {
  const ns = (JSON.parse(line) as { nsPerSwitch?: unknown }).nsPerSwitch;
  if (typeof ns !== 'number' || !Number.isFinite(ns) || ns <= 0) throw new Error(`not a ping-pong trial: ${line}`);
  return ns;
}

export function startPingPong(dir: string, cpus: string | null): PingPongProcess {
  const [cmd, args] = pinnedCommand(cpus, process.execPath, ['--import', 'tsx', PINGPONG_FILE, dir]);
  const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const exited = new Promise<number | null>((resolve) => (child.once('error', () => resolve(null)), child.once('close', resolve)));
  return {
    async trial(mode, rounds) {
      child.stdin.write(`${mode} ${rounds}\n`);
      const next = await Promise.race([lines.next(), exited.then((code) => ({ done: true as const, value: code }))]);
      if (next.done) throw new Error(`the ping-pong process exited (code ${next.value}) before answering a ${mode} trial`);
      return parseTrialLine(next.value);
    },
    async stop() {
      child.stdin.end();
      await exited;
    },
  };
}
