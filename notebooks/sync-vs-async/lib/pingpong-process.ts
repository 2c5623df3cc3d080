/**
 * The parent's side of pingpong.ts: one long-lived child (pinned with taskset when given CPUs),
 * asked for one trial at a time, of any mode. Between trials it sleeps on its stdin, so the cell
 * can interleave the modes' trials without a process start (and a JIT warm-up) for each.
 */
import { startChild } from '../../lib/child-json.ts';
import { PINGPONG_FILE, type PingPongMode } from './pingpong.ts';

export interface PingPongProcess {
  /** Runs one trial (warm-up, then `rounds` timed round trips): nanoseconds per switch. */
  trial(mode: PingPongMode, rounds: number): Promise<number>;
  /** Closes its stdin and waits until it has exited (a crash shows in trial(), not here). */
  stop(): Promise<void>;
}

/** Pure: the nanoseconds per switch in the child's answer to one trial. */
export function trialNs(answer: unknown): number {
  const ns = (answer as { nsPerSwitch?: unknown } | null)?.nsPerSwitch;
  if (typeof ns !== 'number' || !Number.isFinite(ns) || ns <= 0) throw new Error(`not a ping-pong trial: ${JSON.stringify(answer)}`);
  return ns;
}

export function startPingPong(dir: string, cpus: string | null): PingPongProcess {
  const child = startChild({
    name: 'the ping-pong process',
    command: process.execPath,
    args: ['--import', 'tsx', PINGPONG_FILE, dir],
    cpus,
  });
  return {
    trial: (mode, rounds) => child.ask(`${mode} ${rounds}`, trialNs),
    stop: () => child.stop(),
  };
}
