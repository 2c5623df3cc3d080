/** What the runner knows about a cell without running it: its stored results and whether they are stale. */
import { readResults } from './results-fs.ts';
import { currentHash } from './stale-fs.ts';
import { isStale } from '../core/results.ts';
import type { CellRef } from './cells-fs.ts';
import type { ResultsFile } from '../core/protocol.ts';

export type CellStatus =
  | { state: 'unmeasured' }
  | { state: 'invalid'; message: string }
  | { state: 'measured' | 'stale'; results: ResultsFile };

/** Reads a cell's stored results and compares their hash with the sources now. */
export async function cellStatus(root: string, cell: CellRef): Promise<CellStatus> {
  if (!cell.id) return { state: 'unmeasured' };
  const read = readResults(root, cell.id);
  if (read.state === 'missing') return { state: 'unmeasured' };
  if (read.state === 'invalid') return { state: 'invalid', message: read.message };
  const stale = isStale(read.results.hash, await currentHash(root, cell.file));
  return { state: stale ? 'stale' : 'measured', results: read.results };
}
