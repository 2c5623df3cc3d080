/**
 * The data of one cell's chart, read from the results on disk: the cell's results on every runtime
 * that has them, and those of each cell its spec joins (core/chart-join.ts tags and joins them).
 * A cell's reference file (`<chapter>/<cell>.json`) is its own reference runtime's (Node 20 for
 * TypeScript, CPython for Python: the provenance says which); `<chapter>/<cell>/<runtime>.json`
 * the others'. `dir` reads another results root of the same shape (another machine's).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ChartData } from '../core/chart-plot.ts';
import type { ChartSpec } from '../core/chart-spec.ts';
import { joinChartData, joinedSpec, runtimeLabels, type RuntimeResults } from '../core/chart-join.ts';
import { UserError } from '../core/errors.ts';
import { RESULTS_ROOT } from '../core/results.ts';
import { REFERENCE_RUNTIME, isRuntimeId, runtimeIdOf, type RuntimeId } from '../core/runtimes.ts';
import type { Lang } from '../core/ui-strings.ts';
import { findCell } from './cells-fs.ts';
import { listMachines } from './machines-fs.ts';
import { machineDir } from '../core/machine.ts';
import { resolveSpread, spreadMachines, spreadRows } from '../core/chart-spread.ts';
import { readResults } from './results-fs.ts';

export interface ReadOptions {
  /** An invalid results file is an error (the static build); otherwise it is left out. */
  strict?: boolean;
  /** Another results root of the same shape (absolute), such as `…/machines/<id>`. */
  dir?: string;
}

/** The runtimes a cell has results for beside its reference file (`<cell>/<runtime>.json`), in the table's order. */
function otherRuntimes(root: string, cellId: string, dir: string | undefined): RuntimeId[] {
  const folder = join(dir ?? join(root, RESULTS_ROOT), cellId);
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .filter((r): r is RuntimeId => isRuntimeId(r) && r !== REFERENCE_RUNTIME);
}

/** Every results file of one cell, each with the runtime it was measured on. */
export function readCellRuntimes(root: string, cellId: string, opts: ReadOptions = {}): RuntimeResults[] {
  const out: RuntimeResults[] = [];
  for (const slot of [REFERENCE_RUNTIME, ...otherRuntimes(root, cellId, opts.dir)]) {
    const read = readResults(root, cellId, slot, opts.dir);
    if (read.state === 'invalid') {
      if (opts.strict) throw new UserError(read.message, 'fix or re-measure it');
      continue;
    }
    if (read.state === 'missing') continue;
    const { rows, trials, reference, provenance, preset } = read.results;
    // The reference file is the cell's own reference runtime's: its provenance says which.
    const runtime =
      slot === REFERENCE_RUNTIME ? (runtimeIdOf({ name: provenance.runtime, version: provenance.runtimeVersion }) ?? slot) : slot;
    out.push({ cell: cellId, runtime, rows, trials, reference, provenance, preset });
  }
  return out;
}

export interface CellChart {
  /** The spec with the default words for runtime ids (the spec's own win) and, if needed, a facet per runtime. */
  spec: ChartSpec;
  data: ChartData;
  /** The results files the chart draws. */
  files: RuntimeResults[];
  /** The other machines with rows on the chart (its spread), in the order their marks are classed. */
  machines: string[];
}

/**
 * A cell's chart and its data: its own results on every runtime, then each joined cell's. A joined
 * id that names no cell is an error (a typo would otherwise draw nothing, silently).
 */
export function cellChart(root: string, cellId: string, spec: ChartSpec, lang: Lang, opts: ReadOptions = {}): CellChart {
  for (const id of spec.join ?? []) {
    if (id === cellId) throw new UserError(`the chart of ${cellId} joins itself`, `remove "${id}" from its "join"`);
    findCell(root, id);
  }
  const cells = [cellId, ...(spec.join ?? [])];
  const files = cells.flatMap((id) => readCellRuntimes(root, id, opts));
  const data = joinChartData(files);
  const chapter = cellId.split('/')[0];
  // Other machines only for a chart that says how to compare them (its spread's baseline), and only
  // when the reference machine's own rows are read from the project's root.
  const spread = resolveSpread(spec);
  if (spread && !opts.dir) {
    const others = listMachines(root).map((machine) => {
      const dir = join(root, RESULTS_ROOT, machineDir(machine));
      return { machine, files: cells.flatMap((id) => readCellRuntimes(root, id, { dir })) };
    });
    const rows = spreadRows(spread, files, others);
    if (rows.length > 0) data.machines = rows;
  }
  return { spec: joinedSpec(spec, data, runtimeLabels(files, chapter, lang)), data, files, machines: spreadMachines(data.machines ?? []) };
}
