/**
 * Waiting until a server has finished the work a load run left it. wrk stops at its deadline with
 * requests still queued in the server (in a pg pool's wait list, a piscina queue, a blocked
 * worker's socket buffer), and the server goes on answering them after wrk is gone: measured next,
 * another server would share the core with that backlog. So after each run the cell waits until
 * the server's processes (all their threads) have used no CPU over a short window, read from
 * /proc (Linux; elsewhere it does not wait).
 */
import { readFileSync } from 'node:fs';

/** Pure: user + system CPU of a process, in clock ticks, from its /proc/<pid>/stat line. */
export function cpuTicks(stat: string): number {
  // The command name (field 2) is in parentheses and may hold spaces: count fields after its ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime, stime: fields 14 and 15 of the line
}

/** The processes' total CPU ticks so far, or null where /proc cannot be read. */
function ticksOf(pids: readonly number[]): number | null {
  try {
    return pids.reduce((sum, pid) => sum + cpuTicks(readFileSync(`/proc/${pid}/stat`, 'utf8')), 0);
  } catch {
    return null;
  }
}

/** Resolves once `pids` used at most one clock tick (10 ms) in a window of `windowMs`, or after `limitMs`. */
export async function untilIdle(pids: readonly number[], windowMs = 100, limitMs = 10_000): Promise<void> {
  const end = performance.now() + limitMs;
  let before = ticksOf(pids);
  while (before !== null && performance.now() < end) {
    await new Promise((r) => setTimeout(r, windowMs));
    const now = ticksOf(pids);
    if (now === null || now - before <= 1) return;
    before = now;
  }
}
