/** Resident (VmRSS) and proportional (Pss) memory of a Linux process, in KB, from /proc. */
import { readFileSync } from 'node:fs';

export interface ProcMemory {
  rssKB: number;
  /** Pss: shared pages (Node's code, libraries) divided among the processes that map them. */
  pssKB: number;
}

/** Pure: a "Name:   123 kB" field of a /proc file. */
export function procField(text: string, name: string): number {
  const m = text.match(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm'));
  return m ? Number(m[1]) : NaN;
}

export function procMemory(pid: number): ProcMemory {
  const rssKB = procField(readFileSync(`/proc/${pid}/status`, 'utf8'), 'VmRSS');
  let pssKB = NaN;
  try {
    pssKB = procField(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'), 'Pss');
  } catch {
    // smaps_rollup needs Linux 4.14; without it, Pss stays unknown
  }
  return { rssKB, pssKB };
}
