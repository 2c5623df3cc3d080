/**
 * The engine: runs one cell in its own process group, turns everything the process says into
 * records (capped, so no cell can grow the runner's memory), enforces the timeout and cancel by
 * ending the whole group, and reports one outcome. It writes no files; see run-cell.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Readable } from 'node:stream';
import { LineSplitter } from './lines.ts';
import { killTagged, newRunTag, RUN_TAG_VAR, signalGroup, trackGroup, waitGroupGone } from './process-group.ts';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { CellRecord, ErrorRecord, MetaRecord, RowData } from '../core/protocol.ts';
import { decodeRecord, type Job } from './channel.ts';
import { launchOf, runningNode, type ResolvedRuntime } from './runtimes-fs.ts';

export interface Limits {
  /** Bytes of stdout, and separately of stderr, passed on as log records. */
  outputBytes: number;
  /** Records (rows, logs, progress...) passed on from the record channel. */
  records: number;
  /** Bytes of those records: what a run may add to the runner's memory and to its results file. */
  recordBytes: number;
  lineChars: number;
  timeoutMs: number;
  /** Time between SIGTERM and SIGKILL when ending a run. */
  killGraceMs: number;
}

export const DEFAULT_LIMITS: Limits = {
  outputBytes: 1 << 20,
  records: 100_000,
  recordBytes: 32 << 20,
  lineChars: 64 * 1024,
  timeoutMs: 15 * 60_000,
  killGraceMs: 1500,
};

export type RunStatus = 'done' | 'error' | 'cancelled';

export interface RunOutcome {
  status: RunStatus;
  meta?: MetaRecord;
  rows: RowData[];
  trials: RowData[];
  reference: RowData[];
  environment: Record<string, string | number | boolean | null>;
  error?: ErrorRecord;
  durationMs: number;
}

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));
/** Python cells' host, the twin of child.ts: the runtime table's .py command runs it (CPython). */
const PYTHON_CHILD = fileURLToPath(new URL('./python/child.py', import.meta.url));
const childFor = (runtime: ResolvedRuntime) => (runtime.spec.commands['.py'] ? PYTHON_CHILD : CHILD);

/** Where runs keep their scratch folders (AM_SCRATCH_ROOT overrides, for tests). */
export function scratchRoot(): string {
  return process.env.AM_SCRATCH_ROOT ?? join(tmpdir(), 'async-measured-runs');
}

/** A cell process started ahead of its job, so tsx's start-up is paid before Run is clicked. */
export interface CellProcess {
  child: ChildProcess;
  /** In the environment of every process of the run, even one that leaves the group. */
  tag: string;
  /** What it runs on: a job for another runtime starts a process of its own. */
  runtime: ResolvedRuntime;
}

/** Starts a cell process in a new process group, on the running Node unless told otherwise; it waits for a job. */
export function startCellProcess(cwd: string, runtime: ResolvedRuntime = runningNode()): CellProcess {
  const tag = newRunTag(process.pid, randomUUID());
  const launch = launchOf(runtime, childFor(runtime));
  const child = spawn(launch.command, launch.args, {
    cwd,
    detached: true, // its own process group: cancel ends everything the cell starts
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    // AM_NODE: the Node a Python cell's plumbing (notebooks/lib/plumbing.py) starts its bridge with.
    env: { ...process.env, ...launch.env, FORCE_COLOR: '0', AM_NODE: process.execPath, [RUN_TAG_VAR]: tag },
  });
  child.on('error', () => {}); // reported by runCell through 'exit'/'close'
  if (child.pid !== undefined) {
    // Killed with the runner if the runner exits first; forgotten once the whole group is gone.
    const forget = trackGroup(child.pid);
    child.once('close', () => void waitGroupGone(child.pid!, 60_000).then(forget));
  }
  return { child, tag, runtime };
}

/** True while a prepared process can still take a job. */
export function isUsable(p: CellProcess | undefined): p is CellProcess {
  return !!p && p.child.exitCode === null && p.child.signalCode === null && p.child.pid !== undefined;
}

/** Ends a process group: SIGTERM now, SIGKILL after the grace period for whatever is left. */
export function killGroup(child: ChildProcess, graceMs: number): void {
  const pid = child.pid;
  if (pid === undefined) return;
  signalGroup(pid, 'SIGTERM');
  setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs).unref();
}

export interface RunOptions {
  cwd: string;
  onRecord: (record: CellRecord) => void;
  signal?: AbortSignal;
  limits?: Partial<Limits>;
  /** A warm process to use; a new one is started when absent, dead, or on another runtime. */
  prepared?: CellProcess;
  /** What to run the cell on (resolved: installed, its binary known); by default the running Node. */
  runtime?: ResolvedRuntime;
}

const sameRuntime = (a: ResolvedRuntime, b: ResolvedRuntime) => a.id === b.id && a.binary === b.binary;

/** Runs one job to its end and reports the outcome; never throws for anything the cell does. */
export function runCell(job: Job, options: RunOptions): Promise<RunOutcome> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const runtime = options.runtime ?? runningNode();
  const { child, tag } =
    isUsable(options.prepared) && sameRuntime(options.prepared.runtime, runtime)
      ? options.prepared
      : startCellProcess(options.cwd, runtime);
  const started = performance.now();
  // Throwaway files of this run (a database's data directory...): removed with the run, however it
  // ends. In the system's temp folder, which helper users (PostgreSQL's, when run as root) can reach.
  const scratchDir = join(scratchRoot(), randomUUID());
  mkdirSync(scratchDir, { recursive: true, mode: 0o755 });
  const outcome: RunOutcome = { status: 'done', rows: [], trials: [], reference: [], environment: {}, durationMs: 0 };
  let records = 0;
  let recordBytes = 0;
  let ending: 'cancelled' | 'timeout' | undefined;
  let done = false;
  const truncated = new Set<string>();

  const emit = (record: CellRecord) => {
    if (record.type === 'error') {
      // While the runner stops the run, what the dying cell says (a driver's "terminating
      // connection") is a consequence, not the cause: a log line; the cause is the stop.
      if (ending && record.kind !== ending)
        return options.onRecord({ type: 'log', stream: 'cell', text: `while stopping: ${record.message}` });
      if (outcome.error) return; // one error per run: the first is the cause
      outcome.error = record;
    }
    options.onRecord(record);
  };

  const onChannelLine = (line: string, cut: boolean) => {
    if (line.trim() === '') return;
    const record = cut ? decodeRecord('<line over the length cap>') : decodeRecord(line);
    if (record.type === 'error') {
      emit(record);
      return;
    }
    // The run's own framing (meta, done) always passes: a flood of rows must not lose the end.
    const framing = record.type === 'meta' || record.type === 'done';
    recordBytes += line.length;
    if (!framing && (++records > limits.records || recordBytes > limits.recordBytes)) {
      if (!truncated.has('records')) {
        truncated.add('records');
        options.onRecord({ type: 'truncated', stream: 'records' });
      }
      return;
    }
    if (record.type === 'meta') {
      outcome.meta = record;
      if (record.timeoutMs) armTimeout(record.timeoutMs);
    } else if (record.type === 'row') outcome.rows.push(record.data);
    else if (record.type === 'trial') outcome.trials.push(record.data);
    else if (record.type === 'reference') outcome.reference.push(record.data);
    else if (record.type === 'done') {
      done = true;
      Object.assign(outcome.environment, record.environment);
    }
    options.onRecord(record);
  };

  const pipeLog = (stream: Readable | null, name: 'stdout' | 'stderr') => {
    if (!stream) return;
    let bytes = 0;
    let cut = false;
    const splitter = new LineSplitter((text) => options.onRecord({ type: 'log', stream: name, text }), limits.lineChars);
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      if (cut) return; // keep draining so the cell never blocks on a full pipe
      const room = limits.outputBytes - bytes;
      bytes += Buffer.byteLength(chunk);
      if (bytes <= limits.outputBytes) return splitter.push(chunk);
      cut = true;
      splitter.push(chunk.slice(0, Math.max(0, room)));
      splitter.end();
      options.onRecord({ type: 'truncated', stream: name });
    });
    stream.on('end', () => cut || splitter.end());
  };

  pipeLog(child.stdout, 'stdout');
  pipeLog(child.stderr, 'stderr');
  const channel = child.stdio[3] as import('node:net').Socket | null;
  const channelSplitter = new LineSplitter(onChannelLine, 4 * limits.lineChars);
  channel?.setEncoding('utf8');
  channel?.on('data', (chunk: string) => channelSplitter.push(chunk));
  channel?.on('error', () => {});

  let timer: NodeJS.Timeout | undefined;
  function armTimeout(ms: number) {
    clearTimeout(timer);
    const left = Math.max(0, ms - (performance.now() - started));
    timer = setTimeout(() => {
      ending = 'timeout';
      killGroup(child, limits.killGraceMs);
    }, left);
  }
  armTimeout(limits.timeoutMs);

  const onAbort = () => {
    ending ??= 'cancelled';
    killGroup(child, limits.killGraceMs);
  };
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });

  return new Promise<RunOutcome>((resolve) => {
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let settled = false;
    const settle = async () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      channelSplitter.end();
      outcome.durationMs = performance.now() - started;
      // Report only once everything the run started is gone, and its scratch files with it.
      if (child.pid !== undefined && !(await waitGroupGone(child.pid, limits.killGraceMs + 2000))) {
        signalGroup(child.pid, 'SIGKILL');
        await waitGroupGone(child.pid, 1000);
      }
      // Processes that left the group (setsid, detached) still carry the run's tag.
      killTagged((t) => t === tag);
      rmSync(scratchDir, { recursive: true, force: true });
      classify(exit);
      resolve(outcome);
    };

    const classify = (e: typeof exit) => {
      if (ending === 'cancelled') {
        outcome.status = 'cancelled';
        outcome.error = undefined; // the cancel is the cause, whatever the dying process said
        emit({ type: 'error', kind: 'cancelled', message: 'run cancelled' });
        return;
      }
      if (ending === 'timeout') {
        const ms = outcome.meta?.timeoutMs ?? limits.timeoutMs;
        outcome.status = 'error';
        outcome.error = undefined; // the timeout is the cause, whatever the dying process said
        emit({ type: 'error', kind: 'timeout', message: `timed out after ${Math.round(ms / 1000)} s and was stopped` });
        return;
      }
      if (outcome.error) outcome.status = 'error';
      else if (e?.signal) {
        outcome.status = 'error';
        emit({ type: 'error', kind: 'signal', message: `the cell's process was killed by ${e.signal}` });
      } else if (e?.code !== 0 && e?.code !== undefined) {
        outcome.status = 'error';
        emit({ type: 'error', kind: 'exit', message: `the cell's process exited with code ${e?.code}` });
      } else if (!done) {
        outcome.status = 'error';
        emit({ type: 'error', kind: 'protocol', message: 'the cell ended without finishing its record stream' });
      }
    };

    child.once('error', (error) => {
      if (!exit) emit({ type: 'error', kind: 'spawn', message: `could not start the cell process: ${error.message}` });
      void settle();
    });
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      // Whatever the cell left behind (servers, workers) goes with it; then the pipes can close.
      killGroup(child, 200);
      // A grandchild that escaped the group could hold the pipes open: do not wait for it forever.
      setTimeout(() => void settle(), limits.killGraceMs + 500).unref();
    });
    child.once('close', () => void settle());

    const channelIn = child.stdio[3] as import('node:net').Socket | null;
    channelIn?.write(JSON.stringify({ ...job, scratchDir }) + '\n');
  });
}
