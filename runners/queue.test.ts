import { describe, expect, it } from 'vitest';
import type { ExecuteOptions, Executed } from './run-cell.ts';
import { RunQueue } from './queue.ts';
import type { CellRef, ChapterCell } from '../store/cells-fs.ts';
import type { RunEvent } from '../core/api.ts';

const cell = (id: string): ChapterCell => ({ id, file: `/p/notebooks/${id}.ts`, relFile: `notebooks/${id}.ts` });

/** An execute seam whose runs end when the test says so, recording what it was asked to run. */
function seam() {
  const started: { cell: CellRef; options: ExecuteOptions; finish: (status: 'done' | 'error') => void }[] = [];
  const execute = (_root: string, c: CellRef, options: ExecuteOptions) =>
    new Promise<Executed>((resolve) => {
      const finish = (status: 'done' | 'error') =>
        resolve({
          outcome: { status, rows: [], trials: [], reference: [], environment: {}, durationMs: 1 },
          ...(status === 'done' ? { saved: 'x' } : {}),
        });
      options.signal?.addEventListener('abort', () =>
        resolve({ outcome: { status: 'cancelled', rows: [], trials: [], reference: [], environment: {}, durationMs: 1 } }),
      );
      started.push({ cell: c, options, finish });
    });
  /** Resolves once the queue has handed `n` runs to the seam (it awaits between a run's state and its start). */
  const untilStarted = async (n: number) => {
    for (let i = 0; started.length < n; i++) {
      if (i > 1000) throw new Error(`only ${started.length} of ${n} runs started`);
      await new Promise((r) => setImmediate(r));
    }
  };
  return { started, execute, untilStarted };
}

/** Resolves once the queue has said this state for this cell. */
function stateOf(queue: RunQueue, id: string, state: string): Promise<RunEvent> {
  return new Promise((resolve) => {
    const off = queue.subscribe((e) => {
      if (e.kind === 'state' && e.cell === id && e.state === state) {
        off();
        resolve(e);
      }
    });
  });
}

describe('RunQueue', () => {
  it('runs one at a time in order, and a repeated request joins the queued run', async () => {
    const { started, execute, untilStarted } = seam();
    const queue = new RunQueue('/p', execute, false);
    const a = queue.enqueue(cell('ch/a'), { preset: 'quick' });
    const b = queue.enqueue(cell('ch/b'), { preset: 'full' });
    expect(queue.enqueue(cell('ch/b'), { preset: 'quick' })).toMatchObject({ runId: b.runId, joined: true, position: 1 });
    await untilStarted(1);
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r)); // b must not start while a runs
    expect(started.map((s) => s.cell.id)).toEqual(['ch/a']);
    started[0].finish('done');
    await untilStarted(2);
    expect(started.map((s) => [s.cell.id, s.options.preset])).toEqual([
      ['ch/a', 'quick'],
      ['ch/b', 'full'],
    ]);
    expect(a.joined).toBe(false);
    started[1].finish('done');
    await queue.close();
  });

  it('cancels a waiting run without starting it, and a running one through its signal', async () => {
    const { started, execute, untilStarted } = seam();
    const queue = new RunQueue('/p', execute, false);
    const a = queue.enqueue(cell('ch/a'), { preset: 'quick' });
    const b = queue.enqueue(cell('ch/b'), { preset: 'quick' });
    await untilStarted(1);
    expect(queue.cancel(b.runId)).toBe(true);
    const cancelled = stateOf(queue, 'ch/a', 'cancelled');
    expect(queue.cancel(a.runId)).toBe(true);
    await cancelled;
    expect(started.map((s) => s.cell.id)).toEqual(['ch/a']);
    expect(queue.cancel('no-such-run')).toBe(false);
    await queue.close();
  });

  it('stops the rest of a Run-all batch at its first failure only when asked to', async () => {
    for (const stopOnError of [false, true]) {
      const { started, execute, untilStarted } = seam();
      const queue = new RunQueue('/p', execute, false);
      queue.enqueueAll([cell('ch/a'), cell('ch/b')], 'quick', stopOnError);
      await untilStarted(1);
      const bCancelled = stateOf(queue, 'ch/b', 'cancelled');
      started[0].finish('error');
      if (stopOnError) await bCancelled;
      else await untilStarted(2);
      expect(started.map((s) => s.cell.id)).toEqual(stopOnError ? ['ch/a'] : ['ch/a', 'ch/b']);
      started[1]?.finish('done');
      await queue.close();
    }
  });

  it('marks runs of edited code or parameters as experiments', async () => {
    const { started, execute, untilStarted } = seam();
    const queue = new RunQueue('/p', execute, false);
    queue.enqueue(cell('ch/a'), { preset: 'quick', params: { n: 2 } });
    await untilStarted(1);
    expect(started[0].options).toMatchObject({ origin: 'edited-params', params: { n: 2 } });
    started[0].finish('done');
    await queue.close();
  });
});
