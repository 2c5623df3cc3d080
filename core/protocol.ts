/**
 * The one protocol module: every record a cell emits, every event the runner streams to a page,
 * and the results file, defined once with zod. Isomorphic: the runner, the CLI, the build and the
 * browser all import it, so it must never import `node:*`.
 */
import { z } from 'zod';
import { RuntimeId, RuntimeSelf } from './runtimes.ts';

/** A value a chart can plot: rows are flat objects of these. */
export const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const RowData = z.record(z.string(), Scalar);
export type RowData = z.infer<typeof RowData>;

/** The presets a cell declares: a quick one (a few seconds) and the full one results are made with. */
export const RunPreset = z.enum(['quick', 'full']);
export type RunPreset = z.infer<typeof RunPreset>;

export const Preset = z.enum([...RunPreset.options, 'custom']);
export type Preset = z.infer<typeof Preset>;

/** Where an error points in the cell's own TypeScript source. */
export const SourceLocation = z.object({
  file: z.string(),
  line: z.number().int().positive(),
  column: z.number().int().positive().optional(),
});

export const ErrorKind = z.enum([
  'exception', // thrown during import or run, or an unhandled rejection
  'syntax', // the cell does not parse
  'type', // the cell does not type-check
  'params', // parameters failed the cell's schema
  'exit', // the process exited non-zero without saying why
  'signal', // the process died by a signal
  'timeout',
  'cancelled',
  'protocol', // a malformed record line
  'spawn', // the runner could not start the process
]);
export type ErrorKind = z.infer<typeof ErrorKind>;

export const MetaRecord = z.object({
  type: z.literal('meta'),
  title: z.string().optional(),
  preset: Preset,
  params: z.record(z.string(), z.unknown()),
  timeoutMs: z.number().int().positive().optional(),
  /** What the cell's process runs on, in its own words (absent from processes older than runtimes). */
  runtime: RuntimeSelf.optional(),
});
export const RowRecord = z.object({ type: z.literal('row'), data: RowData });
/**
 * One trial of a repeated measurement, stored as it was measured: its key fields, `trial` (its
 * position in the interleaved order) and its measures. Rows summarise trials (median and interval).
 */
export const TrialRecord = z.object({ type: z.literal('trial'), data: RowData });
/** A figure quoted from the essay, plotted beside ours and marked as the essay's. */
export const ReferenceRecord = z.object({ type: z.literal('reference'), data: RowData });
export const LogRecord = z.object({
  type: z.literal('log'),
  stream: z.enum(['stdout', 'stderr', 'cell']),
  text: z.string(),
});
export const ProgressRecord = z.object({
  type: z.literal('progress'),
  done: z.number().nonnegative(),
  total: z.number().positive(),
  label: z.string().optional(),
});
export const ErrorRecord = z.object({
  type: z.literal('error'),
  kind: ErrorKind,
  message: z.string(),
  at: SourceLocation.optional(),
  stack: z.string().optional(),
});
export const TruncatedRecord = z.object({
  type: z.literal('truncated'),
  stream: z.enum(['stdout', 'stderr', 'records']),
});
export const DoneRecord = z.object({
  type: z.literal('done'),
  /** Extra results the cell wants stored beside its rows (for example a load generator's name). */
  environment: z.record(z.string(), Scalar).optional(),
});

export const CellRecord = z.discriminatedUnion('type', [
  MetaRecord,
  RowRecord,
  TrialRecord,
  ReferenceRecord,
  LogRecord,
  ProgressRecord,
  ErrorRecord,
  TruncatedRecord,
  DoneRecord,
]);
export type CellRecord = z.infer<typeof CellRecord>;
export type ErrorRecord = z.infer<typeof ErrorRecord>;
export type MetaRecord = z.infer<typeof MetaRecord>;

// ---- Results files ---------------------------------------------------------------------------

export const RESULTS_SCHEMA_VERSION = 1;

export const Provenance = z.object({
  runtime: z.string(),
  runtimeVersion: z.string(),
  cpu: z.string(),
  cores: z.number().int().positive(),
  memoryBytes: z.number().int().positive(),
  os: z.string(),
  date: z.string(),
  commit: z.string().nullable(),
  /** True when the working tree had uncommitted changes at run time. */
  dirty: z.boolean(),
  /** CPU pinning of the cell process, e.g. "taskset -c 1", or null when not pinned. */
  pinned: z.string().nullable(),
  loadGenerator: z.string().nullable(),
  database: z.string().nullable(),
});
export type Provenance = z.infer<typeof Provenance>;

export const SourceHash = z.object({
  /** sha256 over the cell source, the local modules it imports, and the runtime version. */
  value: z.string().regex(/^[0-9a-f]{64}$/),
  /** Project-relative paths that went into the hash. */
  inputs: z.array(z.string()),
  /**
   * The runtime that went into the hash, as its process named itself ("bun 1.2.3"): staleness
   * can then be judged by the sources alone on a machine where that runtime is not installed.
   * Absent from results measured before runtimes were a parameter (all of them Node).
   */
  runtime: z.string().optional(),
});
export type SourceHash = z.infer<typeof SourceHash>;

/** What a run runs: the saved file with a preset, or an experiment (edited code or parameters). */
export const RunOrigin = z.enum(['file', 'edited-code', 'edited-params']);
export type RunOrigin = z.infer<typeof RunOrigin>;

export const ResultsFile = z.object({
  schema: z.literal(RESULTS_SCHEMA_VERSION),
  cell: z.string(),
  title: z.string().optional(),
  preset: Preset,
  params: z.record(z.string(), z.unknown()),
  rows: z.array(RowData),
  /** Every trial behind the rows, in the order measured (empty for a cell that does not repeat). */
  trials: z.array(RowData).default([]),
  reference: z.array(RowData),
  durationMs: z.number().nonnegative(),
  provenance: Provenance,
  hash: SourceHash,
  /**
   * What ran, when it was not the saved file with a preset: an experiment from the notebook page.
   * Experiments are kept in the runner's history only, never as a chapter's results.
   */
  origin: RunOrigin.exclude(['file']).optional(),
});
export type ResultsFile = z.infer<typeof ResultsFile>;

// ---- Runner events (runner → page, over SSE) -------------------------------------------------

export const RunState = z.enum(['queued', 'running', 'done', 'error', 'cancelled']);
export type RunState = z.infer<typeof RunState>;

/** One message on the live stream: a state change of a run, or a record it emitted. */
export const RunEvent = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('state'),
    runId: z.string(),
    cell: z.string(),
    state: RunState,
    /** Place in the queue (1 = next) while queued. */
    position: z.number().int().positive().optional(),
    /** Set once a successful run has replaced the stored results. */
    saved: z.boolean().optional(),
    /** What the run runs: the saved file with a preset, or an experiment (edited code or parameters). */
    origin: RunOrigin.optional(),
    /** The Run-all this run belongs to, if any. */
    batch: z.string().optional(),
    /** What it runs on (absent: the reference runtime, Node 20). */
    runtime: RuntimeId.optional(),
  }),
  z.object({
    kind: z.literal('record'),
    runId: z.string(),
    cell: z.string(),
    seq: z.number().int().nonnegative(),
    record: CellRecord,
  }),
]);
export type RunEvent = z.infer<typeof RunEvent>;

/** Where the local runner's HTTP API lives, for the server and the page alike. */
export const API_PREFIX = '/__runner/api/';
/**
 * The header every state-changing request of the page carries (with a JSON body). A form or a
 * "simple" cross-site request cannot set it, so it cannot run or save code (as Jupyter's XSRF check).
 */
export const CLIENT_HEADER = 'x-async-measured';

/** Largest cell source the page may send (edited code, Save). */
export const MAX_SOURCE_BYTES = 256 * 1024;
const CellId = z.string().regex(/^[a-z0-9][a-z0-9-]*\/[a-z0-9][a-z0-9-]*$/, 'a cell id is "chapter/cell"');

/** What the page posts to start a run. */
export const RunRequest = z.object({
  cell: CellId,
  preset: RunPreset.default('quick'),
  /** Overrides on top of the preset; the cell's own schema validates them. */
  params: z.record(z.string(), z.unknown()).optional(),
  /** Edited code to run instead of the saved file (not saved; the run is an experiment). */
  source: z.string().max(MAX_SOURCE_BYTES).optional(),
  /** The user chose to replace stored results of a larger preset (full) with this smaller run. */
  replace: z.boolean().optional(),
  /** What to run on (absent: the reference runtime, Node 20); one not installed is installed first. */
  runtime: RuntimeId.optional(),
});
export type RunRequest = z.infer<typeof RunRequest>;

/** Run every cell of a chapter, in the page's order, through the queue. */
export const RunAllRequest = z.object({
  cells: z.array(CellId).min(1).max(100),
  preset: RunPreset.default('quick'),
  /** Cancel the rest of the batch when one run fails (by default the rest still run). */
  stopOnError: z.boolean().default(false),
  runtime: RuntimeId.optional(),
});
export type RunAllRequest = z.infer<typeof RunAllRequest>;

/** Save edited code back to the cell's file. */
export const SaveSourceRequest = z.object({ source: z.string().max(MAX_SOURCE_BYTES) });

/** What the notebook page needs to edit a cell and build its parameters form. */
export const CellDescription = z.object({
  id: z.string(),
  file: z.string(),
  source: z.string(),
  /** Absent for a plain script (no `cell()` export): it has no parameters. */
  title: z.string().optional(),
  /** JSON Schema of the parameters (from the cell's zod schema). */
  schema: z.record(z.string(), z.unknown()).optional(),
  presets: z.object({ quick: z.record(z.string(), z.unknown()), full: z.record(z.string(), z.unknown()) }).optional(),
  /** Why the parameters could not be read (the cell does not load); the code is still editable. */
  paramsError: z.string().optional(),
});
export type CellDescription = z.infer<typeof CellDescription>;

/** One earlier run of a cell, for the history list and the chart overlay. */
export const HistoryEntry = z.object({
  /** `stored` for the chapter's current results; otherwise the history file's name. */
  key: z.string(),
  stored: z.boolean(),
  date: z.string(),
  preset: Preset,
  origin: RunOrigin,
  params: z.record(z.string(), z.unknown()),
  provenance: Provenance,
  rows: z.array(RowData),
  trials: z.array(RowData).default([]),
  reference: z.array(RowData),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

// ---- API answers: what each endpoint of the local runner sends back --------------------------

/** A cell's stored results as the runner sees them now. */
export type StoredState = 'unmeasured' | 'invalid' | 'measured' | 'stale';

/** GET cells: every cell with its stored state and any active run. */
export interface CellsAnswer {
  cells: {
    id: string;
    file: string;
    state: StoredState;
    message?: string;
    measuredAt?: string;
    preset?: Preset;
    run?: { runId: string; state: RunState };
  }[];
}

/** POST runs: the run started, or the queued or running one of the same cell that was joined. */
export interface RunStarted {
  runId: string;
  /** True when the request joined a run of the same cell that was already queued or running. */
  joined: boolean;
  state: RunState;
  position?: number;
}

/** POST runs/all: the batch and each of its runs. */
export interface BatchStarted {
  batch: string;
  runs: RunStarted[];
}

/** GET cells/:id/history: the stored results first, then earlier runs and experiments. */
export interface HistoryAnswer {
  entries: HistoryEntry[];
}

/** PUT cells/:id/source: the project-relative file written. */
export interface SavedAnswer {
  saved: string;
}

/** POST runs/:id/cancel. */
export interface CancelledAnswer {
  cancelled: true;
}

/** Any refusal: what is wrong, how to fix it, and for bad parameters each field's message. */
export interface ErrorAnswer {
  error: string;
  hint?: string;
  issues?: { path: string; message: string }[];
}
