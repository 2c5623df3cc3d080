/** Is a process running, is a port listening: what "nothing was left behind" means. */
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';

/** Running means not gone and not a zombie (dead, waiting for a parent to reap it). */
export function isRunning(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

export function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}
