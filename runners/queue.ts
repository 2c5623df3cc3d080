/**
 * The run queue of the local server. Benchmarks disturb each other, so runs never overlap: one
 * runs, the rest wait in order. A second request for a cell already queued or running joins that
 * run. Every state change and record becomes a RunEvent for subscribers (the live pages), and the
 * current run's events are kept so a page that (re)connects mid-run can replay them.
 */
import { randomUUID } from 'node:crypto';
import { startCellProcess, isUsable, type CellProcess } from './engine.ts';
import { signalGroup } from './process-group.ts';
import { executeCell, type ExecuteOptions, type Executed } from './run-cell.ts';
import type { CellRef, ChapterCell } from '../store/cells-fs.ts';
import type { CellRecord, RunOrigin, RunPreset } from '../core/protocol.ts';
import type { RunEvent, BatchStarted, RunStarted, RunState } from '../core/api.ts';
import { writeEditedCopy } from './edited-fs.ts';
import { warmTypecheck } from './warm-typecheck.ts';
import { REFERENCE_RUNTIME, type RuntimeId } from '../core/runtimes.ts';

type Execute = (root: string, cell: CellRef, options: ExecuteOptions) => Promise<Executed>;

interface Run {
  id: string;
  cell: ChapterCell;
  preset: RunPreset;
  /** What it runs on; results are kept per runtime. */
  runtime: RuntimeId;
  replace?: boolean;
  /** Parameter overrides on top of the preset; the cell's schema checks them. */
  params?: Record<string, unknown>;
  /** Edited code to run instead of the file. */
  source?: string;
  origin: RunOrigin;
  batch?: { id: string; stopOnError: boolean };
  state: RunState;
  controller: AbortController;
  events: RunEvent[];
  seq: number;
}

export interface RunOptions {
  preset: RunPreset;
  params?: Record<string, unknown>;
  source?: string;
  batch?: { id: string; stopOnError: boolean };
  /** Replace stored results of a larger preset (the user chose it). */
  replace?: boolean;
  /** What to run on (by default the reference runtime, Node 20). */
  runtime?: RuntimeId;
}

/** Events kept per run for replay; rows past it still stream live and reach the results file. */
const REPLAY_LIMIT = 20_000;

export class RunQueue {
  private readonly waiting: Run[] = [];
  private current: Run | undefined;
  private readonly listeners = new Set<(e: RunEvent) => void>();
  private warm: CellProcess | undefined;
  /** The start-up type-check of every cell; runs wait for it rather than compete with it. */
  private warming: { done: Promise<void>; stop: () => Promise<void> } | undefined;
  private closed = false;

  constructor(
    private readonly root: string,
    private readonly execute: Execute = executeCell,
    /** Keep a cell process started ahead of the next run (off for tests of the queue alone). */
    private readonly prepare = true,
  ) {}

  /** Starts a cell process now so the next Run skips tsx's start-up. */
  warmUp(): void {
    if (this.prepare && !this.closed && !isUsable(this.warm)) this.warm = startCellProcess(this.root);
  }

  /** Also type-checks every cell now (in a worker), so the first Run does not wait for TypeScript. */
  warmUpTypecheck(): Promise<void> {
    this.warming ??= warmTypecheck(this.root);
    return this.warming.done;
  }

  subscribe(listener: (e: RunEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Events a page needs to catch up: the running run's and the waiting runs' so far. */
  replay(): RunEvent[] {
    return [...(this.current ? this.current.events : []), ...this.waiting.flatMap((r) => r.events)];
  }

  enqueue(cell: ChapterCell, request: RunOptions): RunStarted {
    const runtime = request.runtime ?? REFERENCE_RUNTIME;
    const existing = [this.current, ...this.waiting].find((r) => r && r.cell.id === cell.id && r.runtime === runtime);
    if (existing) return { runId: existing.id, joined: true, state: existing.state, ...this.positionOf(existing) };
    const { preset, params, source, batch, replace } = request;
    const edited = params !== undefined && Object.keys(params).length > 0;
    const origin: RunOrigin = source !== undefined ? 'edited-code' : edited ? 'edited-params' : 'file';
    const run: Run = {
      id: randomUUID(),
      cell,
      preset,
      runtime,
      ...(replace ? { replace } : {}),
      ...(edited ? { params } : {}),
      ...(source !== undefined ? { source } : {}),
      origin,
      ...(batch ? { batch } : {}),
      state: 'queued',
      controller: new AbortController(),
      events: [],
      seq: 0,
    };
    this.waiting.push(run);
    this.announceQueue();
    void this.pump();
    return { runId: run.id, joined: false, state: run.state, ...this.positionOf(run) };
  }

  /** Queues cells in order as one batch (Run all); cells already queued or running are joined. */
  enqueueAll(cells: ChapterCell[], preset: RunPreset, stopOnError: boolean, runtime?: RuntimeId): BatchStarted {
    const batch = { id: randomUUID(), stopOnError };
    return { batch: batch.id, runs: cells.map((c) => this.enqueue(c, { preset, batch, ...(runtime ? { runtime } : {}) })) };
  }

  /** Cancels a queued or running run; false when there is no such run. */
  cancel(runId: string): boolean {
    if (this.current?.id === runId) {
      this.current.controller.abort();
      return true;
    }
    const i = this.waiting.findIndex((r) => r.id === runId);
    if (i < 0) return false;
    const [run] = this.waiting.splice(i, 1);
    this.setState(run, 'cancelled');
    this.announceQueue();
    return true;
  }

  /** Stops everything: the running cell's process group and the warm process. */
  async close(): Promise<void> {
    this.closed = true;
    for (const r of this.waiting.splice(0)) this.setState(r, 'cancelled');
    this.current?.controller.abort();
    await this.warming?.stop();
    if (isUsable(this.warm)) signalGroup(this.warm.child.pid!, 'SIGKILL');
    while (this.current) await new Promise((r) => setTimeout(r, 20));
  }

  /** Whether a run of this cell is queued or running, and which. */
  activeRun(cellId: string): { runId: string; state: RunState } | undefined {
    const r = [this.current, ...this.waiting].find((x) => x?.cell.id === cellId);
    return r ? { runId: r.id, state: r.state } : undefined;
  }

  /** The rest of a Run-all that was asked to stop at its first failure. */
  private cancelBatch(batchId: string): void {
    for (const r of this.waiting.filter((w) => w.batch?.id === batchId)) this.cancel(r.id);
  }

  private positionOf(run: Run): { position?: number } {
    const i = this.waiting.indexOf(run);
    return i >= 0 ? { position: i + 1 } : {};
  }

  private emit(run: Run, event: RunEvent): void {
    if (run.events.length < REPLAY_LIMIT || event.kind === 'state') run.events.push(event);
    for (const l of this.listeners) l(event);
  }

  private setState(run: Run, state: RunState, extra: { saved?: boolean } = {}): void {
    run.state = state;
    this.emit(run, {
      kind: 'state',
      runId: run.id,
      cell: run.cell.id,
      state,
      origin: run.origin,
      runtime: run.runtime,
      ...(run.batch ? { batch: run.batch.id } : {}),
      ...this.positionOf(run),
      ...extra,
    });
  }

  private announceQueue(): void {
    for (const r of this.waiting) this.setState(r, 'queued');
  }

  private async pump(): Promise<void> {
    if (this.current || this.closed) return;
    const run = this.waiting.shift();
    if (!run) return;
    this.current = run;
    this.announceQueue();
    this.setState(run, 'running');
    await this.warming?.done;
    const prepared = isUsable(this.warm) ? this.warm : undefined;
    this.warm = undefined;
    const copy = run.source !== undefined ? writeEditedCopy(this.root, run.cell, run.source, run.id.slice(0, 8)) : undefined;
    const onRecord = (record: CellRecord) => {
      // Errors in edited code point at the cell the reader edited, not at the hidden copy.
      if (copy && record.type === 'error' && record.at?.file === copy.ref.file)
        record = { ...record, at: { ...record.at, file: run.cell.file } };
      this.emit(run, { kind: 'record', runId: run.id, cell: run.cell.id, seq: run.seq++, record });
    };
    let result: Executed | undefined;
    try {
      result = await this.execute(this.root, copy?.ref ?? run.cell, {
        preset: run.preset,
        ...(run.params ? { params: run.params } : {}),
        onRecord,
        signal: run.controller.signal,
        prepared,
        lockOwner: `npm start (${run.cell.id})`,
        origin: run.origin,
        replace: run.replace,
        runtime: run.runtime,
      });
    } catch (error) {
      // Saving failed (disk full, permissions): the run's rows are still on the page.
      onRecord({
        type: 'error',
        kind: 'exception',
        message: `the run finished but its results could not be saved: ${(error as Error).message}`,
      });
    } finally {
      copy?.dispose();
    }
    // A run refused before it started (a type error, cancelled while waiting) did not use the
    // prepared process: it stays the warm one rather than linger unowned.
    if (isUsable(prepared)) this.warm = prepared;
    const status = result?.outcome.status;
    if (result?.skipped)
      onRecord({ type: 'log', stream: 'cell', text: `skipped: this cell cannot run on ${run.runtime}: ${result.skipped}` });
    if (result?.notSaved && status === 'done') onRecord({ type: 'log', stream: 'cell', text: `not saved: ${result.notSaved}` });
    this.setState(run, status === 'done' ? 'done' : status === 'cancelled' ? 'cancelled' : 'error', { saved: !!result?.saved });
    if (status !== 'done' && status !== 'cancelled' && run.batch?.stopOnError) this.cancelBatch(run.batch.id);
    this.current = undefined;
    // Warm the next process only after the run: a spare tsx start-up must not disturb a benchmark.
    this.warmUp();
    void this.pump();
  }
}
