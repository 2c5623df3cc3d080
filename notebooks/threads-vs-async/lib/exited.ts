import type { ChildProcess } from 'node:child_process';

/** Disconnects a child (it exits on disconnect) and waits for it; kills it if it lingers. */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    if (child.connected) child.disconnect();
    setTimeout(() => child.kill('SIGKILL'), 2000).unref();
  });
}
