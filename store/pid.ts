/**
 * Whether a process is still there: how a file or a process left by a killed writer (a temp
 * file, a lock, an edited-code copy, a run's leftovers) is told from one whose owner still runs.
 */

/** True while a process with this pid exists (one we may not signal still exists). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
