/**
 * The cell channel: how the runner and a cell's process talk. The runner sends one job line on
 * file descriptor 3; the cell answers with one JSON record per line on the same descriptor. The
 * records themselves are defined with everything else the runner and the page share, in
 * core/protocol.ts; the cell SDK takes its types from here.
 */
import { z } from 'zod';
import { CellRecord, RunPreset } from '../core/protocol.ts';

export type { CellRecord, ErrorKind, Preset, RowData } from '../core/protocol.ts';

/** The file descriptor of the record channel between the engine and a cell's process. */
export const RECORD_CHANNEL_FD = 3;

/** The one line the engine sends a (warm) cell process: what to run, and how. */
export const Job = z.object({
  file: z.string(),
  preset: RunPreset,
  params: z.record(z.string(), z.unknown()).optional(),
  /** A folder for the run's throwaway files; the engine removes it when the run is over. */
  scratchDir: z.string().optional(),
});
export type Job = z.infer<typeof Job>;

/** Serialise one record as one line. */
export function encodeRecord(record: CellRecord): string {
  return JSON.stringify(record) + '\n';
}

/** Parse one record line; a malformed line becomes a `protocol` error record, never a throw. */
export function decodeRecord(line: string): CellRecord {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return protocolError(`not JSON: ${preview(line)}`);
  }
  const parsed = CellRecord.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  return protocolError(`${issue.path.join('.') || 'record'}: ${issue.message} in ${preview(line)}`);
}

function protocolError(detail: string): CellRecord {
  return { type: 'error', kind: 'protocol', message: `malformed record line (${detail})` };
}

function preview(line: string): string {
  return JSON.stringify(line.length > 80 ? line.slice(0, 77) + '...' : line);
}
