/**
 * Edited code from the notebook page: run beside the cell's file (so its relative imports resolve
 * exactly as the saved cell's do) under a hidden name that is never a cell, and removed after.
 * Save writes a cell's file back, atomically, and only a chapter cell's file.
 */
import { readdirSync, rmSync } from 'node:fs';
import { basename, dirname, extname, join, relative } from 'node:path';
import type { CellRef } from '../store/cells-fs.ts';
import { writeFileAtomic } from '../store/results-fs.ts';
import { isAlive } from '../store/pid.ts';

/** `.<cell>.<pid>-<tag>.edited.<ext>`: the pid of the runner that wrote it tells a leftover. */
const EDITED_COPY = /^\..+\.(\d+)-[0-9a-z]+\.edited\.[a-z]+$/;

/** A hidden sibling of the cell holding edited code; `dispose` removes it. */
export function writeEditedCopy(root: string, cell: CellRef, source: string, tag: string): { ref: CellRef; dispose: () => void } {
  const file = join(dirname(cell.file), `.${basename(cell.file, extname(cell.file))}.${process.pid}-${tag}.edited${extname(cell.file)}`);
  writeFileAtomic(file, source);
  return { ref: { ...cell, file, relFile: relative(root, file) }, dispose: () => rmSync(file, { force: true }) };
}

/** Writes edited code over a chapter cell's file (findCell already confined it to notebooks/). */
export function saveCellSource(cell: CellRef, source: string): void {
  if (!cell.id) throw new Error(`${cell.relFile} is not a chapter cell`);
  writeFileAtomic(cell.file, source);
}

/** Removes edited-code copies left by runners that were killed before they could (their pid is gone). */
export function sweepEditedCopies(root: string): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(join(root, 'notebooks'), { recursive: true }).map(String);
  } catch {
    return removed;
  }
  for (const name of names) {
    const pid = EDITED_COPY.exec(basename(name))?.[1];
    if (!pid || Number(pid) === process.pid || isAlive(Number(pid))) continue;
    rmSync(join(root, 'notebooks', name), { force: true });
    removed.push(name);
  }
  return removed;
}
