/**
 * Finds cells on disk and resolves what a user names on the command line or in a chapter: a
 * chapter slug, a `chapter/cell` id, or a path to any TypeScript (or Python) file.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { NotFoundError, UserError } from '../core/errors.ts';
import { resolveInside } from './paths.ts';
import { CELL_EXTENSIONS as CELL_EXTENSION_LIST } from '../core/runtimes.ts';

export const NOTEBOOKS = 'notebooks';
// A cell is TypeScript (run on the JavaScript runtimes) or Python (run on CPython): core/runtimes.ts.
const CELL_EXTENSIONS = new Set<string>(CELL_EXTENSION_LIST);

export interface CellRef {
  /** `chapter/cell`, or undefined for a file outside notebooks/<chapter>/ (run, never saved). */
  id?: string;
  /** Absolute path of the cell's source. */
  file: string;
  /** Project-relative path, for messages and the page. */
  relFile: string;
}

/** A cell of a chapter (notebooks/<chapter>/<cell>.ts): it always has an id. */
export type ChapterCell = CellRef & { id: string };

const isChapterCell = (c: CellRef): c is ChapterCell => c.id !== undefined;

const ID = /^[a-z0-9][a-z0-9-]*$/;

/** The id of a file that is a cell of a chapter: notebooks/<chapter>/<cell>.ts, nothing deeper. */
export function cellIdOf(root: string, file: string): string | undefined {
  const parts = relative(join(root, NOTEBOOKS), file).split(sep);
  if (parts.length !== 2 || !CELL_EXTENSIONS.has(extname(parts[1]))) return undefined;
  const name = basename(parts[1], extname(parts[1]));
  return ID.test(parts[0]) && ID.test(name) && !name.endsWith('.test') ? `${parts[0]}/${name}` : undefined;
}

function ref(root: string, file: string): CellRef {
  return { id: cellIdOf(root, file), file, relFile: relative(root, file) };
}

/** The chapter slugs that have cells, sorted. */
export function listChapters(root: string): string[] {
  const dir = join(root, NOTEBOOKS);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && ID.test(d.name) && d.name !== 'lib')
    .map((d) => d.name)
    .sort();
}

/**
 * Every cell of one chapter, sorted by name; helpers live in subfolders and are not cells. Two
 * files with one id (calls.ts and calls.py) are refused: a run, its results and its chart would
 * each pick one of them silently.
 */
export function listCells(root: string, chapter?: string): ChapterCell[] {
  const chapters = chapter ? [chapter] : listChapters(root);
  const cells = chapters.flatMap((ch) =>
    readdirSync(join(root, NOTEBOOKS, ch), { withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => ref(root, join(root, NOTEBOOKS, ch, d.name)))
      .filter(isChapterCell)
      .sort((a, b) => a.file.localeCompare(b.file)),
  );
  const twin = cells.find((c, i) => cells.findIndex((o) => o.id === c.id) !== i);
  if (twin)
    throw new UserError(
      `two cells are "${twin.id}": ${cells
        .filter((c) => c.id === twin.id)
        .map((c) => c.relFile)
        .join(' and ')}`,
      'a cell id names one file: rename one of them (e.g. bulk-load-py.py)',
    );
  return cells;
}

/** The cell with this id, or a NotFoundError saying which ids exist. */
export function findCell(root: string, id: string): ChapterCell {
  resolveInside(join(root, NOTEBOOKS), `${id}.ts`); // confined to notebooks/, whatever its extension
  const found = listCells(root).find((c) => c.id === id);
  if (found) return found;
  throw new NotFoundError(
    `no cell "${id}" (looked for ${NOTEBOOKS}/${id}.ts and .py)`,
    `known cells: ${
      listCells(root)
        .map((c) => c.id)
        .join(', ') || 'none'
    }; run \`npm run bench -- --list\``,
  );
}

/** Resolves command-line targets to cells, in order, without duplicates. No targets: all cells. */
export function resolveTargets(root: string, targets: string[], cwd = root): CellRef[] {
  if (targets.length === 0) return listCells(root);
  const chapters = listChapters(root);
  const out = new Map<string, CellRef>();
  for (const target of targets) {
    const asPath = isAbsolute(target) ? target : resolve(cwd, target);
    let found: CellRef[];
    if (chapters.includes(target)) found = listCells(root, target);
    else if (/^[a-z0-9-]+\/[a-z0-9-]+$/.test(target) && !existsSync(asPath)) found = [findCell(root, target)];
    else if (existsSync(asPath) && statSync(asPath).isFile()) {
      if (!CELL_EXTENSIONS.has(extname(asPath)))
        throw new UserError(`${target} is not a TypeScript or Python file`, 'a cell is a .ts module or a .py file');
      found = [ref(root, asPath)];
    } else
      throw new UserError(
        `unknown target "${target}": not a chapter, a chapter/cell id, or a file`,
        `chapters: ${chapters.join(', ') || 'none'}; run \`npm run bench -- --list\` to see every cell`,
      );
    for (const c of found) out.set(c.file, c);
  }
  return [...out.values()];
}
