/**
 * One run of one cell, end to end: engine, then — only on success, and only for a chapter's
 * cell — a results file with provenance and the stale hash. Shared by the CLI and the server.
 */
import { runCell, type CellProcess, type Limits, type RunOutcome } from './engine.ts';
import { currentHash } from './stale-fs.ts';
import { collectProvenance } from './provenance-fs.ts';
import { saveResults } from './results-fs.ts';
import { resultsPath } from './results.ts';
import { RESULTS_SCHEMA_VERSION, type CellRecord, type Provenance, type ResultsFile } from './protocol.ts';
import type { CellRef } from './cells-fs.ts';

export interface ExecuteOptions {
  preset: 'quick' | 'full';
  params?: Record<string, unknown>;
  onRecord: (record: CellRecord) => void;
  signal?: AbortSignal;
  prepared?: CellProcess;
  limits?: Partial<Limits>;
  /** False to run without replacing stored results (a dry run). */
  save?: boolean;
}

export interface Executed {
  outcome: RunOutcome;
  /** Project-relative results path when the run replaced the stored results. */
  saved?: string;
  /** Why a successful run was not saved, when it was not. */
  notSaved?: string;
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
    reference: outcome.reference,
    durationMs: Math.round(outcome.durationMs),
    provenance: { ...provenance, ...fromCell },
    hash,
  };
}

/** Runs a cell and, when it succeeds, replaces its stored results. */
export async function executeCell(root: string, cell: CellRef, options: ExecuteOptions): Promise<Executed> {
  // Hash the sources as they are when the run starts, in parallel with the run itself.
  const hash = currentHash(root, cell.file);
  const outcome = await runCell(
    { file: cell.file, preset: options.preset, ...(options.params ? { params: options.params } : {}) },
    { cwd: root, onRecord: options.onRecord, signal: options.signal, prepared: options.prepared, limits: options.limits },
  );
  if (outcome.status !== 'done') return { outcome };
  if (!cell.id) return { outcome, notSaved: `${cell.relFile} is not a chapter cell (notebooks/<chapter>/<cell>.ts)` };
  if (options.save === false) return { outcome, notSaved: 'dry run' };
  if (outcome.rows.length === 0) return { outcome, notSaved: 'the run produced no rows' };
  const results = toResultsFile(cell.id, outcome, collectProvenance(root), await hash);
  saveResults(root, results);
  return { outcome, saved: resultsPath(cell.id) };
}
