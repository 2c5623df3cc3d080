/**
 * The open-files limit: every connection is a file descriptor, at both ends. When a run needs
 * more than the limit allows, say so and say how to raise it, instead of failing with a bare EMFILE.
 */
import { readFileSync } from 'node:fs';

/** Pure: the soft "Max open files" from the text of /proc/<pid>/limits, or null. */
export function parseOpenFilesLimit(limits: string): number | null {
  const m = /^Max open files\s+(\d+|unlimited)/m.exec(limits);
  if (!m) return null;
  return m[1] === 'unlimited' ? Infinity : Number(m[1]);
}

/** This process's soft open-files limit (null where /proc is missing, as on macOS). */
export function openFilesLimit(): number | null {
  try {
    return parseOpenFilesLimit(readFileSync('/proc/self/limits', 'utf8'));
  } catch {
    return null;
  }
}

export function isTooManyFiles(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === 'EMFILE' || code === 'ENFILE';
}

/** Pure: the message for a run that hit (or would hit) the limit. */
export function tooManyFilesMessage(who: string, connections: number, limit: number | null): string {
  return (
    `${who} ran out of file descriptors opening ${connections} connections` +
    (limit !== null ? ` (its open-files limit is ${limit})` : '') +
    `. Each connection needs one descriptor at each end. Raise the limit in the shell that runs the ` +
    `benchmark, e.g. \`ulimit -n 65536 && npm run bench -- threads-vs-async/c10k\` (and \`ulimit -Hn\` ` +
    `shows the most it can be raised to without root), or run with fewer connections.`
  );
}
