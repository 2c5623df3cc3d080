/** Results files, the pure part: where one lives, how one is checked, and what makes it stale. */
import { ResultsFile, type SourceHash } from './protocol.ts';
import { REFERENCE_RUNTIME, type RuntimeId } from './runtimes.ts';

/**
 * Where a cell's results on a runtime live, under the results root (`public/results/`):
 *
 *   <chapter>/<cell>.json             the reference runtime (Node 20): where results always were
 *   <chapter>/<cell>/<runtime>.json   every other runtime: bun.json, deno.json, node22.json...
 *
 * The reference file stays where it was, so no committed file moves and the site reads it as
 * before; a cell's other runtimes sit in one folder beside it, found with one directory listing.
 * A later machine dimension is one more root of the same shape, `machines/<machine>/` (README).
 */
export function resultsRel(cellId: string, runtime: RuntimeId = REFERENCE_RUNTIME): string {
  return runtime === REFERENCE_RUNTIME ? `${cellId}.json` : `${cellId}/${runtime}.json`;
}

/** The results root, project-relative: the reference machine's results, and `machines/<id>/` for others. */
export const RESULTS_ROOT = 'public/results';

/** Project-relative path of a cell's committed results on a runtime (by default the reference one). */
export function resultsPath(cellId: string, runtime: RuntimeId = REFERENCE_RUNTIME): string {
  return `${RESULTS_ROOT}/${resultsRel(cellId, runtime)}`;
}

/** The URL path the site serves a cell's results at, relative to the site's base path. */
export function resultsUrl(cellId: string, runtime: RuntimeId = REFERENCE_RUNTIME): string {
  return `results/${resultsRel(cellId, runtime)}`;
}

export type ResultsRead = { state: 'missing' } | { state: 'ok'; results: ResultsFile } | { state: 'invalid'; message: string };

/** Parses a results file's text; a broken one becomes a message naming the file and the fault. */
export function parseResults(text: string, file: string, cellId: string, runtime: RuntimeId = REFERENCE_RUNTIME): ResultsRead {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return invalid(file, `it is not valid JSON (${(error as Error).message})`, cellId, runtime);
  }
  const parsed = ResultsFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return invalid(file, `${issue.path.join('.') || 'the file'}: ${issue.message}`, cellId, runtime);
  }
  if (parsed.data.cell !== cellId) return invalid(file, `it holds results of "${parsed.data.cell}", not "${cellId}"`, cellId, runtime);
  return { state: 'ok', results: parsed.data };
}

function invalid(file: string, what: string, cellId: string, runtime: RuntimeId): ResultsRead {
  const bench = runtime === REFERENCE_RUNTIME ? cellId : `--runtime ${runtime} ${cellId}`;
  return {
    state: 'invalid',
    message: `${file} is not a valid results file: ${what}. Re-measure it with \`npm run bench -- ${bench}\` (results are written by the runner only), or restore it with \`git checkout -- ${file}\`.`,
  };
}

/** True when the stored results were made from other sources or another runtime. */
export function isStale(stored: SourceHash, current: SourceHash): boolean {
  return stored.value !== current.value;
}
