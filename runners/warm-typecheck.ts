/**
 * Type-checks every chapter cell once, in a worker thread, when the local runner starts: the first
 * check of a session (loading TypeScript, parsing its libraries) costs seconds, and a reader's
 * first Run should not pay it. Clean results land in the type-check cache, which runs consult.
 */
import { Worker, isMainThread, workerData } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { listCells } from '../store/cells-fs.ts';
import { currentHash } from '../store/stale-fs.ts';
import { typecheckCell } from './typecheck-fs.ts';

/** Starts the check; resolves when it is over (never rejects: a failed warm-up only costs time). */
export function warmTypecheck(root: string): { done: Promise<void>; stop: () => Promise<void> } {
  const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { root } });
  worker.unref();
  const done = new Promise<void>((resolve) => {
    worker.once('exit', () => resolve());
    worker.once('error', () => resolve());
  });
  return {
    done,
    stop: () =>
      worker.terminate().then(
        () => undefined,
        () => undefined,
      ),
  };
}

if (!isMainThread && (workerData as { root?: string } | null)?.root) {
  const { root } = workerData as { root: string };
  for (const cell of listCells(root)) {
    try {
      await typecheckCell(root, cell.file, await currentHash(root, cell.file));
    } catch {
      /* the run itself will report what is wrong with this cell */
    }
  }
}
