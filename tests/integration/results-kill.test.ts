// SIGKILL a process while it writes results, again and again: the file is always whole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readResults } from '../../store/results-fs.ts';

const WRITER = fileURLToPath(new URL('../fixtures/results-writer.ts', import.meta.url));
let root: string;
// Writers write until killed: a test that fails or times out must not leave one spinning.
const live = new Set<ChildProcess>();
beforeAll(() => (root = mkdtempSync(join(tmpdir(), 'am-kill-'))));
afterAll(() => {
  for (const child of live) child.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

function killDuringWrites(delayMs: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, root], { stdio: ['ignore', 'pipe', 'inherit'] });
    live.add(child);
    child.stdout.once('data', () => setTimeout(() => child.kill('SIGKILL'), delayMs));
    child.once('exit', () => {
      live.delete(child);
      resolve();
    });
  });
}

describe('results under SIGKILL', () => {
  it('never leaves a torn or empty results file', async () => {
    for (let i = 0; i < 12; i++) {
      await killDuringWrites(5 + ((i * 37) % 120));
      const read = readResults(root, 'ch/c');
      expect(read.state, 'message' in read ? read.message : '').toBe('ok');
      if (read.state === 'ok') expect(read.results.rows).toHaveLength(20_000);
    }
    // The next write sweeps the temp files killed writers left behind.
    await killDuringWrites(50);
    const leftovers = readdirSync(join(root, 'public/results/ch')).filter((f) => f !== 'c.json');
    expect(leftovers.length).toBeLessThanOrEqual(1); // at most the last killed writer's own
    // Thirteen writer processes: about 20 s on a quiet machine, three times that beside the other
    // test lane; the limit is for a hang, not a speed.
  }, 240_000);
});
