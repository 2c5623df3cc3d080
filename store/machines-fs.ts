/**
 * Other machines' results as the site will read them (README, "Where results live"): each machine a
 * root of the same shape under public/results/machines/<id>/, read by the same code as the reference
 * machine's. A first step of issue 17's spread charts: the store side only; nothing draws them yet.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { MACHINE_ID, machineDir } from '../core/machine.ts';
import { RESULTS_ROOT, type ResultsRead } from '../core/results.ts';
import { REFERENCE_RUNTIME, type RuntimeId } from '../core/runtimes.ts';
import { readResults } from './results-fs.ts';

/** The ids of the machines with results under the results root, sorted; folders not named like an id are left out. */
export function listMachines(root: string): string[] {
  const dir = join(root, RESULTS_ROOT, 'machines');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && MACHINE_ID.test(d.name))
    .map((d) => d.name)
    .sort();
}

/** A cell's results on a runtime on every other machine that has them (missing ones left out). */
export function readMachineResults(
  root: string,
  cellId: string,
  runtime: RuntimeId = REFERENCE_RUNTIME,
): { machine: string; read: Exclude<ResultsRead, { state: 'missing' }> }[] {
  return listMachines(root).flatMap((machine) => {
    const read = readResults(root, cellId, runtime, join(root, RESULTS_ROOT, machineDir(machine)));
    return read.state === 'missing' ? [] : [{ machine, read }];
  });
}
