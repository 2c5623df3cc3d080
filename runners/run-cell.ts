/**
 * One run of one cell, end to end: engine, then — only on success, and only for a chapter's
 * cell — a results file with provenance and the stale hash. Shared by the CLI and the server.
 */
import { runCell, type CellProcess, type Limits, type RunOutcome } from './engine.ts';
import { hashOn, readInputs } from '../store/stale-fs.ts';
import { collectProvenance, runtimeId } from '../store/provenance-fs.ts';
import { RUNTIMES, resultsSlot, runtimeForCell, runtimeIdentity, runtimeIdOf, type RuntimeId } from '../core/runtimes.ts';
import { resolveRuntime, RuntimeMissingError, type ResolvedRuntime } from './runtimes-fs.ts';
import { readResults, saveExperiment, saveResults } from '../store/results-fs.ts';
import { isSmallerPreset } from '../core/preset-rank.ts';
import { machineDir, machineId } from '../core/machine.ts';
import {
  RESULTS_SCHEMA_VERSION,
  type CellRecord,
  type ErrorRecord,
  type Preset,
  type Provenance,
  type ResultsFile,
  type RunOrigin,
  type SourceHash,
  type RunPreset,
} from '../core/protocol.ts';
import { typecheckCell, type TypeError as CellTypeError } from './typecheck-fs.ts';
import { join, relative } from 'node:path';
import { acquireRunLock } from './run-lock-fs.ts';
import type { CellRef } from '../store/cells-fs.ts';
import { cannotRunOn } from '../store/runtime-support-fs.ts';
import { formatUserError, UserError } from '../core/errors.ts';

export interface ExecuteOptions {
  preset: RunPreset;
  params?: Record<string, unknown>;
  onRecord: (record: CellRecord) => void;
  signal?: AbortSignal;
  prepared?: CellProcess;
  limits?: Partial<Limits>;
  /** False to run without replacing stored results (a dry run). */
  save?: boolean;
  /** Who holds the run lock, as other processes waiting for it will be told. */
  lockOwner?: string;
  /** An experiment from the notebook page (edited code or parameters): kept in history only. */
  origin?: RunOrigin;
  /** True when the user chose to replace stored results of a larger preset (full) with this smaller one. */
  replace?: boolean;
  /**
   * What to run the cell on; by default (or `node20`, the reference) the cell's own reference
   * runtime: Node 20 for TypeScript, CPython for Python. Results are kept per runtime.
   */
  runtime?: RuntimeId;
  /** False: a runtime that is not installed is an error, rather than installed now. */
  install?: boolean;
  /**
   * This machine's results rather than the reference machine's: written under
   * `<out>/machines/<machine id>/` (out: an absolute results root), with the label in provenance.
   */
  machine?: { out: string; label?: string };
}

export interface Executed {
  outcome: RunOutcome;
  /** Project-relative results path when the run replaced the stored results. */
  saved?: string;
  /** Why a successful run was not saved, when it was not. */
  notSaved?: string;
  /**
   * Set when a successful run was kept in the history because the stored results are of a larger
   * preset (and replacing them was not asked for): the two presets.
   */
  outranked?: { run: Preset; stored: Preset };
  /** Set when the cell was not run: it says it cannot run on this runtime, and this is why. */
  skipped?: string;
}

const PROVENANCE_KEYS = new Set(['pinned', 'loadGenerator', 'database']);

/** Pure: the results file for a finished, successful run. */
export function toResultsFile(cellId: string, outcome: RunOutcome, provenance: Provenance, hash: ResultsFile['hash']): ResultsFile {
  const fromCell = Object.fromEntries(
    Object.entries(outcome.environment).filter(([k, v]) => PROVENANCE_KEYS.has(k) && (v === null || typeof v === 'string')),
  );
  return {
    schema: RESULTS_SCHEMA_VERSION,
    cell: cellId,
    ...(outcome.meta?.title ? { title: outcome.meta.title } : {}),
    preset: outcome.meta?.preset ?? 'custom',
    params: outcome.meta?.params ?? {},
    rows: outcome.rows,
    trials: outcome.trials,
    reference: outcome.reference,
    durationMs: Math.round(outcome.durationMs),
    provenance: { ...provenance, ...fromCell },
    hash,
  };
}

/** The outcome of a run refused before it started. */
const failed = (error: ErrorRecord): RunOutcome => ({
  status: 'error',
  rows: [],
  trials: [],
  reference: [],
  environment: {},
  error,
  durationMs: 0,
});

/** A cell that does not type-check is not run: one error record, at the first error. */
async function typeErrorsAsOutcome(
  root: string,
  cell: CellRef,
  hash: SourceHash,
  onRecord: (r: CellRecord) => void,
): Promise<RunOutcome | undefined> {
  const errors = await typecheckCell(root, cell.file, hash);
  if (errors.length === 0) return undefined;
  const [first] = errors;
  const where = (e: CellTypeError) => `${relative(root, e.file)}:${e.line}`;
  const error: ErrorRecord = {
    type: 'error',
    kind: first.kind,
    message:
      errors.length === 1
        ? first.message
        : `${errors.length} ${first.kind} errors:\n${errors
            .slice(0, 5)
            .map((e) => `${where(e)}: ${e.message}`)
            .join('\n')}`,
    at: { file: first.file, line: first.line, column: first.column },
  };
  onRecord(error);
  return failed(error);
}

/** Runs a cell and, when it succeeds, replaces its stored results (not a larger preset's, unless `replace`). */
export async function executeCell(root: string, cell: CellRef, options: ExecuteOptions): Promise<Executed> {
  const started = performance.now();
  const chosen = runtimeForCell(cell.file, options.runtime);
  if ('cannot' in chosen) {
    // A cell in another language than the runtime's: skipped with the reason, like runtimes.json's.
    return { outcome: { status: 'done', rows: [], trials: [], reference: [], environment: {}, durationMs: 0 }, skipped: chosen.cannot };
  }
  const wanted = chosen.runtime;
  let skipped: string | undefined;
  try {
    skipped = cannotRunOn(root, cell, wanted);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    const record: ErrorRecord = { type: 'error', kind: 'spawn', message: formatUserError(error) };
    options.onRecord(record);
    return { outcome: failed(record) };
  }
  if (skipped) {
    // Not a failure: the cell says it cannot run here (a native addon, an API), and why.
    return { outcome: { status: 'done', rows: [], trials: [], reference: [], environment: {}, durationMs: 0 }, skipped };
  }
  let release: () => void;
  try {
    release = await acquireRunLock(root, options.lockOwner ?? `run of ${cell.id ?? cell.relFile}`, {
      signal: options.signal,
      onWait: (h) =>
        options.onRecord({
          type: 'log',
          stream: 'cell',
          text: `waiting for another run to finish: ${h.what} (pid ${h.pid}, since ${h.since})`,
        }),
    });
  } catch {
    const error: ErrorRecord = { type: 'error', kind: 'cancelled', message: 'run cancelled while waiting for another run' };
    options.onRecord(error);
    return {
      outcome: {
        status: 'cancelled',
        rows: [],
        trials: [],
        reference: [],
        environment: {},
        error,
        durationMs: performance.now() - started,
      },
    };
  }
  try {
    return await runAndSave(root, cell, { ...options, runtime: wanted });
  } finally {
    release();
  }
}

async function runAndSave(root: string, cell: CellRef, options: ExecuteOptions & { runtime: RuntimeId }): Promise<Executed> {
  const wanted = options.runtime;
  let runtime: ResolvedRuntime;
  try {
    runtime = await resolveRuntime(root, wanted, {
      install: options.install,
      onProgress: (text) => options.onRecord({ type: 'log', stream: 'cell', text }),
    });
  } catch (error) {
    if (!(error instanceof RuntimeMissingError)) throw error;
    const record: ErrorRecord = { type: 'error', kind: 'spawn', message: `${error.message} — ${error.hint}` };
    options.onRecord(record);
    return { outcome: failed(record) };
  }
  // The sources as they are when the run starts: type-checked now, and hashed for staleness with
  // the runtime the cell's process says it ran on.
  const inputs = await readInputs(root, cell.file);
  // A Python cell is not type-checked: its syntax errors come from CPython, at the .py line.
  const refused = cell.file.endsWith('.py')
    ? undefined
    : await typeErrorsAsOutcome(root, cell, hashOn(inputs, runtimeId()), options.onRecord);
  if (refused) return { outcome: refused };
  const outcome = await runCell(
    { file: cell.file, preset: options.preset, ...(options.params ? { params: options.params } : {}) },
    { cwd: root, onRecord: options.onRecord, signal: options.signal, prepared: options.prepared, limits: options.limits, runtime },
  );
  if (outcome.status !== 'done') return { outcome };
  const ranOn = outcome.meta?.runtime ?? runtime.self;
  if (!cell.id) return { outcome, notSaved: `${cell.relFile} is not a chapter cell (notebooks/<chapter>/<cell>.ts)` };
  if (options.save === false) return { outcome, notSaved: 'dry run' };
  if (outcome.rows.length === 0) return { outcome, notSaved: 'the run produced no rows' };
  // Results are kept per runtime: a process that ran on another one than asked must not fill its place.
  if (runtimeIdOf(ranOn) !== wanted)
    return { outcome, notSaved: `the cell's process ran on ${runtimeIdentity(ranOn)}, not on ${RUNTIMES[wanted].label}` };
  const hash = hashOn(inputs, runtimeIdentity(ranOn));
  const label = options.machine?.label;
  const results = toResultsFile(cell.id, outcome, collectProvenance(root, label ? { machine: label } : {}, ranOn), hash);
  // Another machine's results go to its own folder, named from the provenance they carry.
  const dir = options.machine ? join(options.machine.out, machineDir(machineId(results.provenance))) : undefined;
  if (options.origin && options.origin !== 'file') {
    saveExperiment(root, { ...results, origin: options.origin });
    return {
      outcome,
      notSaved: `an experiment (${options.origin.replace('-', ' ')}): kept in the runner's history; the chapter's results are unchanged`,
    };
  }
  // A cell's own reference runtime (CPython for a Python cell) files its results where the charts read them.
  const slot = resultsSlot(cell.file, wanted);
  const stored = readResults(root, cell.id, slot, dir);
  if (stored.state === 'ok' && isSmallerPreset(results.preset, stored.results.preset) && !options.replace) {
    // One click on the page (quick by default) must not throw away a full run's results.
    saveExperiment(root, results);
    return {
      outcome,
      notSaved: `a ${results.preset} run does not replace the stored ${stored.results.preset} results unless asked to: kept in the runner's history`,
      outranked: { run: results.preset, stored: stored.results.preset },
    };
  }
  return { outcome, saved: saveResults(root, results, slot, dir) };
}
