/** What the runner knows about a cell without running it: its stored results and whether they are stale. */
import { readResults } from './results-fs.ts';
import { currentHash } from './stale-fs.ts';
import { isStale } from '../core/results.ts';
import { REFERENCE_RUNTIME, referenceRuntimeOf, resultsSlot, type RuntimeId } from '../core/runtimes.ts';
import type { CellRef } from './cells-fs.ts';
import type { ResultsFile } from '../core/protocol.ts';

export type CellStatus =
  | { state: 'unmeasured' }
  | { state: 'invalid'; message: string }
  | {
      state: 'measured' | 'stale';
      results: ResultsFile;
      /** Set when the runtime is not on this machine: the sources alone were compared. */
      note?: string;
    };

/**
 * Which runtime's results to look at, and that runtime's identity here (as `runtimeIdentity`
 * writes it), or undefined when it is not installed. Without it: the reference runtime's results,
 * compared with the Node running this process. For a Python cell the reference runtime is CPython
 * (core/runtimes.ts referenceRuntimeOf); without its identity, the sources alone are compared.
 */
export interface StatusRuntime {
  id: RuntimeId;
  identity: string | undefined;
}

/**
 * Reads a cell's stored results on a runtime (under the project's results root, or `dir`: another
 * machine's) and compares their hash with the sources now.
 */
export async function cellStatus(root: string, cell: CellRef, runtime?: StatusRuntime, dir?: string): Promise<CellStatus> {
  if (!cell.id) return { state: 'unmeasured' };
  const own = referenceRuntimeOf(cell.file);
  const asked = runtime?.id ?? REFERENCE_RUNTIME;
  const id = asked === REFERENCE_RUNTIME ? own : asked;
  const read = readResults(root, cell.id, resultsSlot(cell.file, id), dir);
  if (read.state === 'missing') return { state: 'unmeasured' };
  if (read.state === 'invalid') return { state: 'invalid', message: read.message };
  let identity = runtime && runtime.id === id ? runtime.identity : undefined;
  let note: string | undefined;
  if (!runtime && id !== REFERENCE_RUNTIME)
    identity = read.results.hash.runtime; // the sources alone decide
  else if (runtime && identity === undefined) {
    // Not installed here: the runtime the results name stands in, so the sources alone decide.
    identity = read.results.hash.runtime;
    note = `${id} is not installed here: compared by the sources alone`;
  }
  const stale = isStale(read.results.hash, await currentHash(root, cell.file, identity));
  return { state: stale ? 'stale' : 'measured', results: read.results, ...(note ? { note } : {}) };
}
