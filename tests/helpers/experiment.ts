/**
 * What a `npm run bench -- <cell> --param key=value` run kept: such a run is an experiment, so its
 * results go to the project's history (.runs/history/<cell>/), never to public/results/. Tests
 * that run a cell with fewer points read them here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ResultsFile } from '../../core/protocol.ts';

/** The newest results kept in `dir`'s history for the cell, checked to be a --param experiment. */
export function readExperiment(dir: string, id: string): ResultsFile {
  const folder = join(dir, '.runs', 'history', id);
  const newest = readdirSync(folder)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .at(-1);
  if (!newest) throw new Error(`no results kept in ${folder}`);
  const results = ResultsFile.parse(JSON.parse(readFileSync(join(folder, newest), 'utf8')));
  if (results.origin !== 'edited-params' || results.preset !== 'custom') {
    throw new Error(`${id}: the newest history entry is not a --param experiment (${results.preset}, ${results.origin ?? 'file'})`);
  }
  return results;
}

/** `--param key=value` arguments for runBench, each value as JSON. */
export function paramArgs(params: Record<string, unknown>): string[] {
  return Object.entries(params).flatMap(([k, v]) => ['--param', `${k}=${JSON.stringify(v)}`]);
}
