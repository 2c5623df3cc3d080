/**
 * A run's process group: signal all of it, and know when all of it is gone. On Linux "gone"
 * ignores zombies (processes that have exited but whose parent has not collected them; a
 * container's init may never do so).
 */
import { readdirSync, readFileSync } from 'node:fs';

/** True while a process with this pid exists (one we may not signal still exists). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Sends a signal to every process in the group; quiet when the group is already gone. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    /* the group is already gone */
  }
}

/** Live (non-zombie) members of a process group. */
export function liveMembers(pgid: number): number[] {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    // No /proc (macOS): ask the kernel whether anything is left in the group at all.
    try {
      process.kill(-pgid, 0);
      return [pgid];
    } catch {
      return [];
    }
  }
  return pids.flatMap((pid) => {
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid pgrp ..."; comm may contain spaces and parens.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return Number(pgrp) === pgid && state !== 'Z' ? [Number(pid)] : [];
    } catch {
      return []; // exited while we looked
    }
  });
}

/** Resolves once no live process of the group remains, or after `timeoutMs`. Returns true when gone. */
export async function waitGroupGone(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (liveMembers(pgid).length > 0) {
    if (performance.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
  return true;
}
