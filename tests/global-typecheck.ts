/**
 * Global setup of the "cells" lane: type-checks every chapter cell of the checkout into its
 * type-check cache (.runs/typecheck.json, keyed by each cell's source hash), in a process beside
 * the tests (tests/helpers/typecheck-cells.ts). A run type-checks its cell first; in a fresh
 * sandbox that cost a few seconds a cell (TypeScript loaded and its libraries parsed again in every
 * bench process), where one program checks each cell in under two. Sandboxes read and add to this
 * cache (tests/helpers/sandbox.ts): a cell a test changes has another hash, so it is checked
 * again, and a cell with errors is never remembered. A cell whose test comes before the warm-up
 * reaches it is checked by its own run, as before. Measured on 2 cores: checking every cell this
 * way takes about 45 s alone; a bench run's own check of its cell about 3-5 s.
 */
import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { ROOT } from './helpers/sandbox.ts';

export default function setup() {
  const script = fileURLToPath(new URL('./helpers/typecheck-cells.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, stdio: 'ignore' });
  child.on('error', () => {}); // a failed warm-up only costs time
  // The lowest priority: it uses what the lanes leave idle (waits on PostgreSQL, browsers, loads),
  // rather than slowing the tests it is there to speed up.
  try {
    if (child.pid !== undefined) setPriority(child.pid, 19);
  } catch {
    /* not allowed here: it runs at the tests' own priority */
  }
  child.unref();
  return () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
}
