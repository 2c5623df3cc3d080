/**
 * One benchmark at a time across processes: `npm start`'s queue and `npm run bench` share a lock
 * file (.runs/run.lock), so a CLI run and a page run never disturb each other's measurements.
 * A lock left by a process that died is taken over.
 */
import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive } from '../store/pid.ts';

export interface LockHolder {
  pid: number;
  what: string;
  since: string;
}

const LOCK = '.runs/run.lock';
const POLL_MS = 250;

function readHolder(file: string): LockHolder | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockHolder;
  } catch {
    return undefined;
  }
}

function tryTake(file: string, what: string): boolean {
  try {
    const fd = openSync(file, 'wx');
    writeSync(fd, JSON.stringify({ pid: process.pid, what, since: new Date().toISOString() } satisfies LockHolder));
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const holder = readHolder(file);
    // A holder that is gone (crashed, killed) or unreadable (died mid-write) leaves a stale lock.
    if (!holder || holder.pid === process.pid || !isAlive(holder.pid)) {
      rmSync(file, { force: true });
      return tryTake(file, what);
    }
    return false;
  }
}

/**
 * Waits for the run lock and returns its release function. `onWait` hears once who holds it.
 * Rejects with an AbortError when `signal` aborts while waiting.
 */
export async function acquireRunLock(
  root: string,
  what: string,
  options: { signal?: AbortSignal; onWait?: (holder: LockHolder) => void } = {},
): Promise<() => void> {
  mkdirSync(join(root, '.runs'), { recursive: true });
  const file = join(root, LOCK);
  let told = false;
  while (!tryTake(file, what)) {
    if (options.signal?.aborted) throw new DOMException('cancelled while waiting for another run', 'AbortError');
    const holder = readHolder(file);
    if (holder && !told) {
      told = true;
      options.onWait?.(holder);
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  const release = () => {
    if (readHolder(file)?.pid === process.pid) rmSync(file, { force: true });
    process.off('exit', release);
  };
  process.on('exit', release); // a process that ends mid-run still frees the lock
  return release;
}
