/**
 * Which cells cannot run on which runtime, and why: notebooks/<chapter>/runtimes.json, beside the
 * cells it speaks of (format and rules: core/runtimes.ts). Read fresh on every question: it is a
 * few bytes, and an edit applies to the next run without a restart.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../core/errors.ts';
import { cannotRunReason, parseChapterRuntimes, type ChapterRuntimes, type RuntimeId } from '../core/runtimes.ts';
import { listCells, NOTEBOOKS, type CellRef } from './cells-fs.ts';

export const RUNTIMES_FILE = 'runtimes.json';

/** A chapter's declarations, or undefined when it has none; a broken file, or one naming a cell that does not exist, throws. */
export function readChapterRuntimes(root: string, chapter: string): ChapterRuntimes | undefined {
  const rel = `${NOTEBOOKS}/${chapter}/${RUNTIMES_FILE}`;
  let text: string;
  try {
    text = readFileSync(join(root, rel), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = parseChapterRuntimes(text, rel);
  if (!parsed.ok) throw new UserError(parsed.message, 'see core/runtimes.ts for its format');
  const cells = listCells(root, chapter).map((c) => c.id.split('/')[1]);
  const unknown = Object.keys(parsed.value).filter((name) => !cells.includes(name));
  if (unknown.length)
    throw new UserError(
      `${rel} names ${unknown.map((n) => `"${n}"`).join(', ')}, not a cell of ${chapter}`,
      `its cells: ${cells.join(', ')}`,
    );
  return parsed.value;
}

/** Why a chapter's cell cannot run on this runtime (it says so in its chapter's runtimes.json), or undefined. */
export function cannotRunOn(root: string, cell: CellRef, runtime: RuntimeId): string | undefined {
  if (!cell.id) return undefined; // a script outside the chapters declares nothing
  const [chapter, name] = cell.id.split('/');
  return cannotRunReason(readChapterRuntimes(root, chapter), name, runtime);
}
