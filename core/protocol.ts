/**
 * The record protocol: every record a cell emits and the results file, defined once with zod.
 * What the local runner and a page say to each other (events, requests, answers) is api.ts.
 * Isomorphic: the runner, the CLI, the build and the browser all import it, so it must never
 * import `node:*`.
 */
import { z } from 'zod';
import { RuntimeSelf } from './runtimes.ts';

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
  /**
   * The label the person who ran it gave this machine (`npm run bench -- --machine LABEL`), part of
   * its machine id (core/machine.ts). Absent on the reference machine's results.
   */
  machine: z.string().optional(),
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
  /** SHA-256 of the rest of the file as written (store/digest.ts): merge refuses a file edited after it. */
  digest: z.string().optional(),
});
export type ResultsFile = z.infer<typeof ResultsFile>;
