/**
 * Results files on disk. Written only here, atomically (temp file in the same folder, fsync,
 * rename, fsync of the folder), so a crash at any moment leaves the old file or the new one,
 * never a torn one. The replaced file goes to the history under .runs/.
 */
import { resultsText } from './digest.ts';
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, isAbsolute, join, relative } from 'node:path';
import { parseResults, resultsPath, resultsRel, type ResultsRead } from '../core/results.ts';
import type { ResultsFile } from '../core/protocol.ts';
import { REFERENCE_RUNTIME, type RuntimeId } from '../core/runtimes.ts';
import { isAlive } from './pid.ts';

/** How many earlier results of a cell the history keeps. */
export const HISTORY_KEEP = 10;
/** And how many bytes of them, at most (the newest entry is always kept). */
export const HISTORY_BYTES = 64 << 20;

/**
 * Where a cell's results on a runtime live: under the project's results root, or under `dir` (an
 * absolute results root of the same shape, such as another machine's `…/machines/<id>`).
 */
function resultsFileOf(root: string, cellId: string, runtime: RuntimeId, dir: string | undefined): { file: string; rel: string } {
  if (!dir) return { file: join(root, resultsPath(cellId, runtime)), rel: resultsPath(cellId, runtime) };
  const file = join(dir, resultsRel(cellId, runtime));
  const rel = relative(root, file);
  return { file, rel: rel.startsWith('..') || isAbsolute(rel) ? file : rel };
}

/**
 * Reads a cell's results on a runtime (by default the reference one), under the project's results
 * root or `dir`; never throws for a missing or broken file.
 */
export function readResults(root: string, cellId: string, runtime: RuntimeId = REFERENCE_RUNTIME, dir?: string): ResultsRead {
  const { file, rel } = resultsFileOf(root, cellId, runtime, dir);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing' };
    return { state: 'invalid', message: `${rel} cannot be read: ${(error as Error).message}` };
  }
  return parseResults(text, rel, cellId, runtime);
}

/** Temp files left by a writer that was killed mid-write (its pid is gone). */
function sweepStaleTemps(dir: string, base: string): void {
  const pattern = new RegExp(`^\\.${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+)\\.[0-9a-f]+\\.tmp$`);
  for (const name of readdirSync(dir)) {
    const pid = pattern.exec(name)?.[1];
    if (pid && Number(pid) !== process.pid && !isAlive(Number(pid))) rmSync(join(dir, name), { force: true });
  }
}

/** Writes `text` to `file` so that readers see the old content or the new, never a mix. */
export function writeFileAtomic(file: string, text: string): void {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true });
  sweepStaleTemps(dir, basename(file));
  const tmp = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
  const dirFd = openSync(dir, 'r');
  try {
    fsyncSync(dirFd); // make the rename itself durable
  } finally {
    closeSync(dirFd);
  }
}

/**
 * Saves new results for a cell on a runtime (by default the reference one), under the project's
 * results root or `dir` (as readResults), moving the ones they replace (of the same runtime) into
 * the history; other runtimes' results are not touched. Returns the path written, as readResults names it.
 */
export function saveResults(root: string, results: ResultsFile, runtime: RuntimeId = REFERENCE_RUNTIME, dir?: string): string {
  const { file, rel } = resultsFileOf(root, results.cell, runtime, dir);
  const previous = readResults(root, results.cell, runtime, dir);
  if (previous.state === 'ok') keepInHistory(root, previous.results);
  writeFileAtomic(file, resultsText(results));
  return rel;
}

/** Keeps an experiment's results (edited code or parameters) in the history only. */
export function saveExperiment(root: string, results: ResultsFile): void {
  keepInHistory(root, results);
}

function historyDir(root: string, cellId: string): string {
  return join(root, '.runs', 'history', cellId);
}

function keepInHistory(root: string, results: ResultsFile): void {
  const dir = historyDir(root, results.cell);
  // Run dates are unique per cell (one run at a time), and sort by name.
  const name = results.provenance.date.replace(/[:.]/g, '-') + '.json';
  writeFileAtomic(join(dir, name), resultsText(results, undefined));
  pruneHistory(dir, HISTORY_KEEP, HISTORY_BYTES);
}

/** Keeps the newest entries of a history folder within `keep` files and `maxBytes`; the newest always stays. */
export function pruneHistory(dir: string, keep: number, maxBytes: number): void {
  const newestFirst = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .reverse();
  let bytes = 0;
  newestFirst.forEach((name, i) => {
    bytes += statSync(join(dir, name)).size;
    if (i > 0 && (i >= keep || bytes > maxBytes)) rmSync(join(dir, name));
  });
}

/** Earlier results of a cell, newest first, each with its history file's name. */
export function readHistory(root: string, cellId: string): (ResultsRead & { name: string })[] {
  const dir = historyDir(root, cellId);
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .reverse();
  } catch {
    return [];
  }
  return names.map((n) => ({ name: n, ...parseResults(readFileSync(join(dir, n), 'utf8'), join('.runs/history', cellId, n), cellId) }));
}
