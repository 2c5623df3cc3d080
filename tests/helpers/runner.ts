/** Starts the real local runner (`npm start`'s entry) in a sandbox, on a free port. */
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../../notebooks/lib/free-port.ts';
import { userEnv } from './sandbox.ts';

export interface Runner {
  port: number;
  token: string;
  origin: string;
  pid: number;
  output: () => string;
  /** Sends a signal; resolves with the exit code or signal once the runner process is gone. */
  kill(signal: NodeJS.Signals): Promise<number | string>;
  stop(): Promise<void>;
}

export async function startRunner(dir: string): Promise<Runner> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'runners/bin/start.ts', '--port', String(port)], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: userEnv(),
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const token = await new Promise<string>((resolve, reject) => {
    // A hang guard (the runner exiting rejects at once): several runners starting side by side on a
    // busy machine take minutes.
    const timer = setTimeout(() => reject(new Error(`runner did not start:\n${out}`)), 4 * 60_000);
    const check = () => {
      const m = /\?token=([A-Za-z0-9_-]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', () => reject(new Error(`runner exited:\n${out}`)));
  });
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? '')));
  return {
    port,
    token,
    origin: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    output: () => out,
    kill: (signal) => {
      child.kill(signal);
      return exited;
    },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGINT');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
