/**
 * The start and the end of a server in a child process, the same for every such server (Node's
 * styles through child-server.ts, the latency server, the Python epoll responder): wait until it
 * says where it listens, failing with its name if it exits first; and stop it, SIGTERM first and
 * SIGKILL for whatever is left after a grace period, returning only once every one of its
 * processes is gone, so the next trial starts on a quiet CPU.
 */
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** How long a child has to end after SIGTERM before it is killed. */
export const KILL_AFTER_MS = 3000;

/**
 * The child's first word once it listens: its first IPC message (`from: 'ipc'`), or its first
 * line on stdout (`from: 'stdout'`, stdout piped). Rejects, naming it ("the hello server"), when
 * it cannot start or exits before saying it.
 */
export function untilListening(child: ChildProcess, name: string, from: 'ipc' | 'stdout'): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const exited = (code: number | null) => reject(new Error(`${name} exited (code ${code}) before it listened`));
    const heard = (word: unknown) => {
      child.off('exit', exited);
      resolve(word);
    };
    child.once('error', reject);
    child.once('exit', exited);
    if (from === 'ipc') child.once('message', heard);
    else createInterface({ input: child.stdout! }).once('line', heard);
  });
}

/**
 * Ends `child`: SIGTERM now, SIGKILL to each of `pids` (the child and any processes it forked,
 * such as cluster workers) after KILL_AFTER_MS; resolves once the child has exited and none of
 * `pids` is left.
 */
export async function stopChild(child: ChildProcess, pids: readonly number[] = [child.pid!]): Promise<void> {
  const running = child.exitCode === null && child.signalCode === null;
  const exited = running ? new Promise<void>((resolve) => child.once('exit', () => resolve())) : Promise.resolve();
  if (running) child.kill('SIGTERM');
  const kill = setTimeout(() => pids.forEach((pid) => signal(pid, 'SIGKILL')), KILL_AFTER_MS);
  await exited;
  while (pids.some((pid) => signal(pid, 0))) await new Promise((r) => setTimeout(r, 20));
  clearTimeout(kill);
}

/** Sends `sig` to `pid` (0: only asks whether it exists); false when there is no such process. */
function signal(pid: number, sig: NodeJS.Signals | 0): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}
