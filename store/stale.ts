/**
 * The stale hash: a results file records a hash of the cell's source, the local modules it
 * imports and the runtime version; when any of them changes, the stored results are stale.
 */
import { createHash } from 'node:crypto';

export interface HashInput {
  /** Project-relative path. */
  path: string;
  content: string;
}

/** Pure: sha256 over the runtime and every input, in a stable order. */
export function sourceHash(inputs: HashInput[], runtime: string): { value: string; inputs: string[] } {
  const sorted = [...inputs].sort((a, b) => a.path.localeCompare(b.path));
  const h = createHash('sha256').update(`runtime ${runtime}\n`);
  for (const input of sorted) h.update(`${input.path}\0${input.content}\0`);
  return { value: h.digest('hex'), inputs: sorted.map((i) => i.path) };
}
