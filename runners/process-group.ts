/**
 * A run's process group: signal all of it, and know when all of it is gone. On Linux "gone"
 * ignores zombies (processes that have exited but whose parent has not collected them; a
 * container's init may never do so).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { isAlive } from '../store/pid.ts';

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

/**
 * Every process group this process started and has not yet seen end. On exit, however it comes
 * (a signal handler, a crash, another library's process.exit), they are killed synchronously:
 * nothing a cell started outlives the runner.
 */
const started = new Set<number>();

/** Registers a group to be killed if this process exits first; returns the function that forgets it. */
export function trackGroup(pgid: number): () => void {
  started.add(pgid);
  return () => started.delete(pgid);
}

/** SIGKILLs every tracked group now (synchronous: safe inside an 'exit' listener). */
export function killTrackedGroups(): void {
  for (const pgid of started) signalGroup(pgid, 'SIGKILL');
  started.clear();
}
process.on('exit', killTrackedGroups);

/**
 * The run tag: an environment variable every process of a run inherits, even one that left the
 * run's process group (setsid, detached: true). It names the owner (the runner's pid), so a later
 * runner can tell a leftover of a dead runner from a process of a live one.
 */
export const RUN_TAG_VAR = 'AM_RUN_TAG';

export function newRunTag(ownerPid: number, id: string): string {
  return `${ownerPid}.${id}`;
}

/** The owner's pid in a run tag. */
export function tagOwner(tag: string): number {
  return Number(tag.split('.')[0]);
}

/** Live processes whose environment carries a run tag, with that tag (Linux; [] without /proc). */
export function taggedProcesses(): { pid: number; tag: string }[] {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d) && Number(d) !== process.pid);
  } catch {
    return [];
  }
  const prefix = `${RUN_TAG_VAR}=`;
  return pids.flatMap((pid) => {
    try {
      const entry = readFileSync(`/proc/${pid}/environ`, 'latin1')
        .split('\0')
        .find((e) => e.startsWith(prefix));
      return entry ? [{ pid: Number(pid), tag: entry.slice(prefix.length) }] : [];
    } catch {
      return []; // gone, or not ours to read
    }
  });
}

/** SIGKILLs every process carrying one of the matching tags; returns how many were signalled. */
export function killTagged(matches: (tag: string) => boolean): number {
  const victims = taggedProcesses().filter((p) => matches(p.tag));
  for (const { pid } of victims) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  return victims.length;
}

/** Leftovers of runners that died without cleaning up (their owner pid is gone): end them. */
export function sweepOrphanedRuns(): number {
  return killTagged((tag) => {
    const owner = tagOwner(tag);
    return Number.isInteger(owner) && owner !== process.pid && !isAlive(owner);
  });
}
