/**
 * `npm run merge`'s files: finds results files under the paths given, checks each with merge.ts
 * against this checkout's cells, and copies the valid ones, byte for byte, into the results root's
 * `machines/<id>/` (atomically, as the runner writes results). Never writes outside `machines/`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { UserError } from '../core/errors.ts';
import { RESULTS_ROOT } from '../core/results.ts';
import { ResultsFile } from '../core/protocol.ts';
import { listCells } from './cells-fs.ts';
import { checkContribution, machineFolderOf, placement, type Checked, type MergeContext } from './merge.ts';
import { hashOn, readInputs } from './stale-fs.ts';
import type { HashInput } from './stale.ts';
import { writeFileAtomic } from './results-fs.ts';

/** Every .json file under the paths (files as given, folders walked; hidden entries skipped), sorted. */
export function findResultsFiles(paths: string[]): string[] {
  const found: string[] = [];
  const walk = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = join(path, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.endsWith('.json')) found.push(full);
    }
  };
  for (const p of paths) {
    const path = resolve(p);
    if (!existsSync(path)) throw new UserError(`${p} does not exist`, 'name results files, or folders that hold them (a CI artifact)');
    if (statSync(path).isDirectory()) walk(path);
    else found.push(path);
  }
  return [...new Set(found)];
}

/**
 * The stale hashes of this checkout's cells, computed once per cell (esbuild reads its import graph)
 * and per runtime identity: what a file must carry to be merged now. `prepare` must have read a
 * cell's inputs before `expectedHash` answers for it.
 */
export function checkoutHashes(root: string): MergeContext & { prepare(cellId: unknown): Promise<void> } {
  const cells = new Map(listCells(root).map((c) => [c.id, c]));
  const inputs = new Map<string, HashInput[]>();
  return {
    async prepare(cellId) {
      if (typeof cellId !== 'string' || inputs.has(cellId)) return;
      const cell = cells.get(cellId);
      if (cell) inputs.set(cellId, await readInputs(root, cell.file));
    },
    hasCell: (cellId) => cells.has(cellId),
    expectedHash(results) {
      const read = inputs.get(results.cell);
      return read && results.hash.runtime
        ? { value: hashOn(read, results.hash.runtime).value, from: `${results.cell}'s sources now` }
        : undefined;
    },
  };
}

/**
 * The hashes of the sources at the commit each file names (its `hash.inputs` as they were then):
 * results stored earlier stay valid when the cells change later (they are stale, not broken), while
 * a hash edited by hand still fails. A commit this clone does not have (a shallow clone) cannot be
 * checked: undefined.
 */
export function committedHashes(root: string): MergeContext {
  const cells = new Set(listCells(root).map((c) => c.id));
  const git = (args: string[]) =>
    execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 << 20 });
  const known = new Map<string, boolean>();
  const has = (commit: string) => {
    if (!known.has(commit))
      try {
        git(['cat-file', '-e', `${commit}^{commit}`]);
        known.set(commit, true);
      } catch {
        known.set(commit, false);
      }
    return known.get(commit)!;
  };
  return {
    hasCell: (cellId) => cells.has(cellId),
    expectedHash(results) {
      const { commit } = results.provenance;
      if (!commit || !results.hash.runtime || !has(commit)) return undefined;
      try {
        const then = results.hash.inputs.map((path) => ({ path, content: git(['show', `${commit}:${path}`]) }));
        return { value: hashOn(then, results.hash.runtime).value, from: `the sources of commit ${commit}` };
      } catch {
        return { value: '', from: `the sources of commit ${commit} (an input it names is not in that commit)` };
      }
    },
  };
}

export type MergeEntry =
  | { file: string; action: 'add' | 'replace' | 'unchanged'; dest: string; machine: string }
  | { file: string; action: 'keep'; dest: string; machine: string; reason: string }
  | { file: string; action: 'refuse'; reason: string };

const REPORT_VERB: Record<MergeEntry['action'], string> = {
  add: 'added',
  replace: 'replaced',
  unchanged: 'unchanged',
  keep: 'not merged',
  refuse: 'refused',
};

/** Pure: the outcome as Markdown, refusals first with their reasons (a pull request's description). */
export function mergeReport(entries: MergeEntry[], summary: string): string {
  const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
  const order = (e: MergeEntry) => (e.action === 'refuse' ? 0 : e.action === 'keep' ? 1 : 2);
  const lines = [...entries]
    .sort((a, b) => order(a) - order(b))
    .map(
      (e) =>
        `| ${REPORT_VERB[e.action]} | \`${cell(e.file)}\` | ${'dest' in e ? `\`${cell(e.dest)}\`` : ''} | ${'reason' in e ? cell(e.reason) : ''} |`,
    );
  const refused = entries.filter((e) => e.action === 'refuse').length;
  const warning = refused
    ? `\n**${refused} file${refused === 1 ? ' was' : 's were'} refused** and left out; the others are added. Fix the cause and run the matrix again.\n`
    : '';
  return `${summary}\n${warning}\n| status | file | results | reason |\n| --- | --- | --- | --- |\n${lines.join('\n')}\n`;
}

/** Checks the results files under `paths` against the sources at their own commits (npm test's check of public/results/machines/). */
export function checkCommitted(root: string, paths: string[]): { file: string; reason: string }[] {
  const context = committedHashes(root);
  return findResultsFiles(paths).flatMap((file) => {
    const rel = relative(root, file);
    if (!machineFolderOf(rel)) return [{ file: displayPath(root, file), reason: 'it is not inside a machines/<machine id>/ folder' }];
    const checked = checkContribution(readFileSync(file, 'utf8'), rel, context);
    return checked.ok ? [] : [{ file: displayPath(root, file), reason: checked.reason }];
  });
}

export interface MergeOptions {
  /** The results root to merge into (absolute); default the project's public/results. */
  into?: string;
  /** Check only: write nothing. */
  dryRun?: boolean;
}

/** Checks every results file under `paths` and copies the valid ones in; one entry per file, in order. */
export async function mergeResults(root: string, paths: string[], options: MergeOptions = {}): Promise<MergeEntry[]> {
  const into = options.into ?? join(root, RESULTS_ROOT);
  const files = findResultsFiles(paths);
  if (files.length === 0) throw new UserError(`no results files (*.json) in ${paths.join(', ')}`, 'name the folder bench --out wrote');
  const hashes = checkoutHashes(root);
  const entries: MergeEntry[] = [];
  for (const file of files) {
    const shown = displayPath(root, file);
    const text = readFileSync(file, 'utf8');
    await hashes.prepare(peekCell(text));
    const checked: Checked = checkContribution(text, relative(root, file), hashes);
    if (!checked.ok) {
      entries.push({ file: shown, action: 'refuse', reason: checked.reason });
      continue;
    }
    const target = join(into, checked.dest);
    const storedText = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
    const stored = storedText === undefined ? undefined : storedResults(storedText);
    const placed =
      storedText !== undefined && !stored ? { action: 'replace' as const } : placement(checked.results, stored, storedText === text);
    const dest = checked.dest;
    if (placed.action === 'keep') {
      entries.push({ file: shown, action: 'keep', dest, machine: checked.machine, reason: placed.reason });
      continue;
    }
    if ((placed.action === 'add' || placed.action === 'replace') && !options.dryRun) writeFileAtomic(target, text);
    entries.push({ file: shown, action: placed.action, dest, machine: checked.machine });
  }
  return entries;
}

/** The stored file at a place, or undefined when it is broken (then a valid file replaces it). */
function storedResults(text: string): ResultsFile | undefined {
  try {
    const parsed = ResultsFile.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function peekCell(text: string): unknown {
  try {
    return (JSON.parse(text) as { cell?: unknown }).cell;
  } catch {
    return undefined;
  }
}

function displayPath(root: string, path: string): string {
  const rel = relative(root, path);
  return rel.startsWith('..') ? path : rel;
}
