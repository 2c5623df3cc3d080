/**
 * What the local runner and a notebook page say to each other: the events it streams (SSE), the
 * API's prefix and CSRF header, each request the page sends and each answer it gets, defined once
 * (zod for what is parsed, types for the rest). Isomorphic: never `node:*`.
 */
import { z } from 'zod';
import { CellRecord, Preset, Provenance, RowData, RunOrigin, RunPreset } from './protocol.ts';
import { RuntimeId } from './runtimes.ts';

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
