/** Results files, the pure part: where one lives, how one is checked, and what makes it stale. */
import { ResultsFile, type SourceHash } from './protocol.ts';

/** Project-relative path of a cell's committed results. */
export function resultsPath(cellId: string): string {
  return `public/results/${cellId}.json`;
}

/** The URL path the site serves a cell's results at, relative to the site's base path. */
export function resultsUrl(cellId: string): string {
  return `results/${cellId}.json`;
}

export type ResultsRead = { state: 'missing' } | { state: 'ok'; results: ResultsFile } | { state: 'invalid'; message: string };

/** Parses a results file's text; a broken one becomes a message naming the file and the fault. */
export function parseResults(text: string, file: string, cellId: string): ResultsRead {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return invalid(file, `it is not valid JSON (${(error as Error).message})`, cellId);
  }
  const parsed = ResultsFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return invalid(file, `${issue.path.join('.') || 'the file'}: ${issue.message}`, cellId);
  }
  if (parsed.data.cell !== cellId) return invalid(file, `it holds results of "${parsed.data.cell}", not "${cellId}"`, cellId);
  return { state: 'ok', results: parsed.data };
}

function invalid(file: string, what: string, cellId: string): ResultsRead {
  return {
    state: 'invalid',
    message: `${file} is not a valid results file: ${what}. Re-measure it with \`npm run bench -- ${cellId}\` (results are written by the runner only), or restore it with \`git checkout -- ${file}\`.`,
  };
}

/** True when the stored results were made from other sources or another runtime. */
export function isStale(stored: SourceHash, current: SourceHash): boolean {
  return stored.value !== current.value;
}
