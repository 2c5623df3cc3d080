/**
 * Runs `npm run bench`'s entry in a project folder without blocking the test worker's event loop
 * (a blocking spawnSync starves vitest's own messages during long runs).
 */
import { execFile } from 'node:child_process';
import { userEnv } from './sandbox.ts';

export interface BenchRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runBench(dir: string, args: string[], env: Record<string, string> = {}, timeoutMs = 10 * 60_000): Promise<BenchRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'runners/bin/bench.ts', ...args],
      { cwd: dir, timeout: timeoutMs, env: userEnv(env), maxBuffer: 64 << 20 },
      (error, stdout, stderr) => resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}
