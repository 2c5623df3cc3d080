/**
 * `npm run bench -- [target...] [--runtime <id>...] [--quick] [--param key=value...] [--replace] [--list] [--out DIR] [--machine LABEL]`: re-measures
 * cells headlessly, one at a time, with a progress line, then prints a summary table. Exits 1 when
 * any cell failed (a cell that says it cannot run on the runtime is skipped, not failed), 130 on
 * Ctrl-C.
 */
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { resolveTargets, type CellRef } from '../../store/cells-fs.ts';
import { cellStatus } from '../../store/cell-status-fs.ts';
import { executeCell } from '../run-cell.ts';
import { UserError } from '../../core/errors.ts';
import { runCli } from '../cli.ts';
import { formatDuration, progressLine, regenerationEstimate, table, type ProgressState, type TimedEntry } from '../../core/report.ts';
import type { CellRecord } from '../../core/protocol.ts';
import {
  parseRuntimeId,
  REFERENCE_RUNTIME,
  RUNTIME_IDS,
  RUNTIMES,
  resultsSlot,
  runtimeForCell,
  runtimeIdentity,
  type RuntimeId,
} from '../../core/runtimes.ts';
import { RESULTS_ROOT, resultsPath, resultsRel } from '../../core/results.ts';
import { findRuntime } from '../runtimes-fs.ts';
import { cannotRunOn } from '../../store/runtime-support-fs.ts';
import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { machineDir, machineId, parseMachineLabel } from '../../core/machine.ts';
import { collectProvenance } from '../../store/provenance-fs.ts';
import { checkCellParams, describeCell } from '../describe-fs.ts';
import { paramsRefused, parseParams, unknownKeys } from '../cli-params.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');

const HELP = `Usage: npm run bench -- [target...] [--runtime <id>...] [--quick] [--param key=value...]
                        [--replace] [--list] [--out DIR] [--machine LABEL]

  target    a chapter slug, a chapter/cell id, or a path to a .ts or .py file (none: every cell)
  --runtime run on ${RUNTIME_IDS.join(', ')} (default ${REFERENCE_RUNTIME}, the running Node; a
            Python cell's default is cpython, the system's python3);
            repeat it, or use commas, for several; all: every one. A runtime that is not installed
            is installed from npm on first use (see npm run runtimes); results are kept per runtime
  --quick   use each cell's small preset (what CI runs); stored full results are kept, and the
            quick run goes to the history (.runs/history/), unless --replace is given
  --param   set one of the cells' parameters over the preset's (full, or quick with --quick):
            key=value, the value read as JSON when it parses (3, true, [1,8]), else as text; repeat
            it for several. Each cell's own schema checks the values before anything runs. A run
            with --param is an experiment: kept in the history (.runs/history/) with its
            parameters, never as stored results (npm run merge refuses it); not with --replace
  --replace let quick results replace stored full results
  --list    list the cells with their stored results and whether they are stale
  --stale   run only the cells whose results are stale or missing (what --list calls stale,
            unmeasured or invalid): after a pull or an edit, re-measures just what changed
  --dry-run run without replacing stored results
  --out     write this machine's results under DIR/machines/<machine id>/ (same shapes as
            public/results/), never another machine's; without it (and without --machine) results
            are the reference machine's, in public/results/
  --machine a label for this machine (default: $AM_MACHINE), part of its id: the CPU model, cores,
            memory, OS and architecture, the label and a short hash (amd-epyc-7763-4c-16g-linux-x64-3f9a);
            alone, results go to public/results/machines/<machine id>/

Results go to public/results/<chapter>/<cell>.json (Node 20) and public/results/<chapter>/<cell>/<runtime>.json
(every other runtime); the next \`npm run build\` draws Node 20's. Add results from elsewhere
with npm run merge (README: "Contributing your machine's results").`;

const out = process.stderr; // progress and logs; the summary table goes to stdout

/** A path as a person reads it: project-relative when inside the project. */
function displayPath(path: string): string {
  const rel = relative(ROOT, path);
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

/** The runtimes named with --runtime (repeated, or comma-separated; `all`), in table order; none: the reference. */
function parseRuntimes(values: string[] | undefined): RuntimeId[] {
  const names = (values ?? []).flatMap((v) => v.split(',')).filter((v) => v.trim() !== '');
  if (names.length === 0) return [REFERENCE_RUNTIME];
  if (names.some((n) => n.trim() === 'all')) return [...RUNTIME_IDS];
  const ids = new Set<RuntimeId>();
  for (const n of names) {
    const id = parseRuntimeId(n);
    if (typeof id !== 'string') throw new UserError(id.error, 'npm run runtimes lists them, with what is installed');
    ids.add(id);
  }
  return RUNTIME_IDS.filter((id) => ids.has(id));
}

/** The runtime's identity on this machine (undefined when not installed), for staleness. */
const identityOn = (id: RuntimeId) => {
  const found = findRuntime(ROOT, id);
  return found ? runtimeIdentity(found.self) : undefined;
};

/** The runtime a run of this cell on `runtime` goes to (the reference runtime: the cell's own). */
function effective(cell: CellRef, runtime: RuntimeId): RuntimeId {
  const chosen = runtimeForCell(cell.file, runtime);
  return 'runtime' in chosen ? chosen.runtime : runtime;
}

/**
 * Each cell on each runtime: with --runtime, those runtimes; without, the reference runtime and
 * every other runtime the cell has results for.
 */
async function list(cells: CellRef[], runtimes: RuntimeId[] | undefined, where: Where | undefined): Promise<void> {
  const rows: string[][] = [];
  const notes = new Set<string>();
  const timed: TimedEntry[] = [];
  for (const cell of cells) {
    const asked =
      runtimes ??
      RUNTIME_IDS.filter(
        (r) =>
          r === REFERENCE_RUNTIME ||
          (cell.id &&
            existsSync(
              where
                ? join(where.dir, resultsRel(cell.id, resultsSlot(cell.file, r)))
                : join(ROOT, resultsPath(cell.id, resultsSlot(cell.file, r))),
            )),
      );
    // The reference stands for the cell's own (CPython for a Python cell); one line per runtime.
    const shown = [...new Set(asked.map((r) => effective(cell, r)))];
    for (const runtime of shown) {
      const reason = whyNot(cell, runtime);
      const s = await cellStatus(ROOT, cell, { id: runtime, identity: identityOn(runtime) }, where?.dir);
      const when = 'results' in s ? `${s.results.provenance.date.slice(0, 16).replace('T', ' ')} (${s.results.preset})` : '';
      const state = s.state === 'invalid' ? 'INVALID' : s.state === 'unmeasured' && reason ? 'cannot run †' : s.state;
      const took = 'results' in s ? s.results.durationMs : undefined;
      if (!reason) timed.push({ stale: s.state !== 'measured', durationMs: took });
      const tookText = took === undefined ? '' : formatDuration(took);
      rows.push([cell.id ?? cell.relFile, runtime, 'note' in s && s.note ? `${state} *` : state, when, tookText, cell.relFile]);
      if (s.state === 'invalid') out.write(`${s.message}\n`);
      if ('note' in s && s.note) notes.add(`* ${s.note}`);
      if (reason) notes.add(`† ${cell.id} on ${runtime}: ${reason}`);
    }
  }
  process.stdout.write(table(['cell', 'runtime', 'state', 'measured', 'took', 'source'], rows) + '\n');
  if (notes.size) process.stdout.write([...notes].join('\n') + '\n');
  process.stdout.write(regenerationEstimate(timed) + '\n');
}

/** Why a cell cannot run on a runtime (another language's, or one it says it cannot use), or undefined. */
function whyNot(cell: CellRef, runtime: RuntimeId): string | undefined {
  const chosen = runtimeForCell(cell.file, runtime);
  return 'cannot' in chosen ? chosen.cannot : cannotRunOn(ROOT, cell, runtime);
}

/** The jobs whose stored results are stale, missing or invalid (a cell that cannot run on its runtime is left out). */
async function staleOnly(jobs: Job[], where: Where | undefined): Promise<Job[]> {
  const states = await Promise.all(
    jobs.map(async ({ cell, runtime }) => {
      if (whyNot(cell, runtime)) return 'cannot';
      return (await cellStatus(ROOT, cell, { id: runtime, identity: identityOn(runtime) }, where?.dir)).state;
    }),
  );
  return jobs.filter((_, i) => states[i] !== 'measured' && states[i] !== 'cannot');
}

/** Seconds each cell took last time with this preset on this runtime, to estimate what is left. */
async function expectedMs(jobs: Job[], preset: string, where: Where | undefined): Promise<Array<number | undefined>> {
  return Promise.all(
    jobs.map(async ({ cell, runtime }) => {
      const s = await cellStatus(ROOT, cell, { id: runtime, identity: undefined }, where?.dir);
      return 'results' in s && s.results.preset === preset ? s.results.durationMs : undefined;
    }),
  );
}

/** This machine's results folder, when they are not the reference machine's. */
interface Where {
  /** Absolute results root given with --out (default public/results/). */
  out: string;
  label?: string;
  id: string;
  /** Absolute: out/machines/<id>. */
  dir: string;
}

/** Where --out and --machine (or $AM_MACHINE) send results; undefined: the reference machine's root. */
function whereTo(out: string | undefined, machine: string | undefined, cwd: string): Where | undefined {
  const given = machine ?? (process.env.AM_MACHINE || undefined);
  if (out === undefined && given === undefined) return undefined;
  let label: string | undefined;
  if (given !== undefined) {
    const parsed = parseMachineLabel(given);
    if (!parsed.ok) throw new UserError(parsed.message, 'pass --machine LABEL (or set AM_MACHINE) with letters or digits');
    label = given;
  }
  if (out !== undefined && out.trim() === '') throw new UserError('--out needs a folder', 'npm run bench -- --out results');
  const root = resolve(cwd, out ?? join(ROOT, RESULTS_ROOT));
  // The facts the results' provenance will carry (whatever the runtime), hence their id.
  const id = machineId(collectProvenance(ROOT, label ? { machine: label } : {}));
  return { out: root, ...(label ? { label } : {}), id, dir: join(root, machineDir(id)) };
}

/**
 * Refuses --param before anything runs (nothing stored is touched): with --replace, or a key or a
 * value a cell's own schema does not accept, naming the cell, the key and what it expects.
 */
async function checkParams(cells: CellRef[], preset: 'quick' | 'full', params: Record<string, unknown>, replace: boolean): Promise<void> {
  if (replace) {
    throw new UserError(
      '--param and --replace do not go together: a run with --param is an experiment, never stored results',
      'drop --replace',
    );
  }
  for (const cell of cells) {
    const label = cell.id ?? cell.relFile;
    // Two short children side by side: the description (for unknown keys) and the schema's verdict.
    const [description, issues] = await Promise.all([describeCell(ROOT, cell.file), checkCellParams(ROOT, cell.file, preset, params)]);
    const unknown = unknownKeys(label, description, params);
    if (unknown) throw unknown;
    const refused = paramsRefused(label, description!, preset, params, issues);
    if (refused) throw refused;
  }
}

interface Job {
  cell: CellRef;
  runtime: RuntimeId;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      quick: { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      stale: { type: 'boolean', default: false },
      replace: { type: 'boolean', default: false },
      runtime: { type: 'string', multiple: true },
      param: { type: 'string', multiple: true },
      out: { type: 'string' },
      machine: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const cells = resolveTargets(ROOT, positionals, cwd);
  if (cells.length === 0) throw new UserError('no cells to run', 'cells live in notebooks/<chapter>/<cell>.ts');
  const runtimes = parseRuntimes(values.runtime);
  const where = whereTo(values.out, values.machine, cwd);
  if (where) out.write(`This machine is ${where.id}: its results are in ${displayPath(where.dir)}/\n`);
  if (values.list) {
    await list(cells, values.runtime ? runtimes : undefined, where);
    return 0;
  }

  const preset = values.quick ? 'quick' : 'full';
  const params = parseParams(values.param);
  const overridden = Object.keys(params).length > 0;
  if (overridden) await checkParams(cells, preset, params, values.replace);
  // Runtime by runtime: each cell on the first, then each on the next (an install happens once, up front).
  // A Python cell's reference is CPython: with both asked for (`all`), it runs once.
  const seen = new Set<string>();
  const asked: Job[] = runtimes
    .flatMap((runtime) => cells.map((cell) => ({ cell, runtime: effective(cell, runtime) })))
    .filter((j) => !seen.has(`${j.cell.file}\0${j.runtime}`) && !!seen.add(`${j.cell.file}\0${j.runtime}`));
  const jobs = values.stale ? await staleOnly(asked, where) : asked;
  if (jobs.length === 0) {
    out.write('Nothing is stale: every stored result matches its cell, its imports and its runtime (npm run bench -- --list).\n');
    return 0;
  }
  // A run with --param is 'custom': no stored run tells how long it takes.
  const expected = await expectedMs(jobs, overridden ? 'custom' : preset, where);
  const onlyReference = runtimes.length === 1 && runtimes[0] === REFERENCE_RUNTIME;
  const controller = new AbortController();
  let interrupted = false;
  process.on('SIGINT', () => {
    if (interrupted) process.exit(130); // a second Ctrl-C: leave now
    interrupted = true;
    out.write('\nCancelling: stopping the running cell and everything it started...\n');
    controller.abort();
  });

  const tty = out.isTTY === true;
  const summary: string[][] = [];
  let failed = 0;
  let skipped = 0;
  const startAll = performance.now();
  const on = onlyReference ? '' : ` on ${runtimes.map((r) => RUNTIMES[r].label).join(', ')}`;
  const over = overridden
    ? ` and ${Object.entries(params)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(', ')} (an experiment: kept in the history)`
    : '';
  const count = new Set(jobs.map((j) => j.cell.file)).size;
  const which = values.stale ? ' stale' : '';
  out.write(`Running ${count}${which} cell${count === 1 ? '' : 's'}${on} with the ${preset} preset${over}, one at a time.\n`);

  for (const [index, { cell, runtime }] of jobs.entries()) {
    const label = (cell.id ?? cell.relFile) + (onlyReference ? '' : ` (${runtime})`);
    if (interrupted) {
      summary.push([label, 'skipped', '', '', 'interrupted']);
      continue;
    }
    const started = performance.now();
    const state: ProgressState = { index, count: jobs.length, cellLabel: label, rows: 0, elapsedMs: 0 };
    const eta = () => {
      const left = expected.slice(index);
      if (left.some((x) => x === undefined)) return undefined;
      return Math.max(0, left.reduce((a, b) => a! + b!, 0)! - (performance.now() - started));
    };
    const draw = () => {
      state.elapsedMs = performance.now() - started;
      state.etaMs = eta();
      if (tty) out.write(`\r\x1b[2K${progressLine(state)}`);
    };
    const ticker = tty ? setInterval(draw, 250) : undefined;
    const onRecord = (r: CellRecord) => {
      if (r.type === 'row') state.rows++;
      else if (r.type === 'progress') {
        Object.assign(state, { done: r.done, total: r.total, label: r.label });
        if (!tty) out.write(`  ${progressLine({ ...state, elapsedMs: performance.now() - started })}\n`);
      } else if (r.type === 'log') {
        if (tty) out.write('\r\x1b[2K');
        out.write(`  │ ${r.text}\n`);
      } else if (r.type === 'truncated') out.write(`  │ (${r.stream} truncated: over the runner's cap)\n`);
      draw();
    };
    if (!tty) out.write(`[${index + 1}/${jobs.length}] ${label}\n`);
    const executed = await executeCell(ROOT, cell, {
      runtime,
      preset,
      ...(overridden ? { params, origin: 'edited-params' as const } : {}),
      onRecord,
      signal: controller.signal,
      save: !values['dry-run'],
      replace: values.replace,
      lockOwner: `npm run bench (${label})`,
      ...(where ? { machine: { out: where.out, ...(where.label ? { label: where.label } : {}) } } : {}),
    });
    const { outcome, saved, notSaved, outranked } = executed;
    clearInterval(ticker);
    if (tty) out.write('\r\x1b[2K');
    const took = formatDuration(outcome.durationMs);
    if (executed.skipped) {
      skipped++;
      out.write(`– ${label} · skipped: it cannot run on ${RUNTIMES[runtime].label}: ${executed.skipped}\n`);
      summary.push([label, 'skipped', '', '', `cannot run on ${runtime}: ${executed.skipped}`]);
    } else if (outcome.status === 'done') {
      const kept = outranked && `kept in history: the stored ${outranked.stored} results stay (--replace replaces them)`;
      out.write(`✓ ${label} · ${outcome.rows.length} rows · ${took}${saved ? ` → ${saved}` : kept ? ` · ${kept}` : ''}\n`);
      summary.push([label, 'ok', String(outcome.rows.length), took, saved ?? kept ?? `not saved: ${notSaved}`]);
    } else if (outcome.status === 'cancelled') {
      // A cancel is told by the outcome, not by the error: a cell being stopped may say something else first.
      failed++;
      out.write(`✗ ${label} · cancelled\n  stored results were left as they were\n`);
      summary.push([label, 'cancelled', String(outcome.rows.length), took, 'stored results kept']);
    } else {
      failed++;
      const e = outcome.error;
      const where = e?.at ? ` (${e.at.file.replace(ROOT + '/', '')}:${e.at.line})` : '';
      out.write(`✗ ${label} · ${e?.kind ?? outcome.status}: ${e?.message ?? ''}${where}\n  stored results were left as they were\n`);
      summary.push([label, 'FAILED', String(outcome.rows.length), took, `${e?.message ?? ''}${where}`]);
    }
  }

  process.stdout.write('\n' + table(['cell', 'status', 'rows', 'time', 'results'], summary) + '\n');
  const skippedText = skipped ? `, ${skipped} skipped` : '';
  process.stdout.write(
    `\n${jobs.length - failed - skipped} ok, ${failed} failed${skippedText} · ${formatDuration(performance.now() - startAll)}\n`,
  );
  if (interrupted) return 130;
  return failed > 0 ? 1 : 0;
}

runCli('bench', main);
