import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listMachines, readMachineResults } from './machines-fs.ts';
import { saveResults } from './results-fs.ts';
import { resultsFile } from '../tests/helpers/results-file.ts';

let root: string;
beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'am-machines-'))));
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("other machines' results", () => {
  it('lists the machines and reads a cell on each, the reference machine apart', () => {
    expect(listMachines(root)).toEqual([]);
    const at = (id: string) => join(root, 'public/results/machines', id);
    saveResults(root, resultsFile({ rows: [{ x: 1 }] }));
    saveResults(root, resultsFile({ rows: [{ x: 2 }] }), 'node20', at('box-b-2c-4g-linux-x64-00ff'));
    saveResults(root, resultsFile({ rows: [{ x: 3 }] }), 'bun', at('box-a-2c-4g-linux-x64-ab12'));
    mkdirSync(at('not an id'), { recursive: true });
    mkdirSync(at('box-c-2c-4g-linux-x64-cdef/ch'), { recursive: true });
    writeFileSync(join(at('box-c-2c-4g-linux-x64-cdef'), 'ch/c.json'), '{ torn');
    expect(listMachines(root)).toEqual(['box-a-2c-4g-linux-x64-ab12', 'box-b-2c-4g-linux-x64-00ff', 'box-c-2c-4g-linux-x64-cdef']);
    const node20 = readMachineResults(root, 'ch/c');
    expect(node20.map((m) => [m.machine, m.read.state])).toEqual([
      ['box-b-2c-4g-linux-x64-00ff', 'ok'],
      ['box-c-2c-4g-linux-x64-cdef', 'invalid'],
    ]);
    expect(node20[0].read).toMatchObject({ results: { rows: [{ x: 2 }] } });
    expect(readMachineResults(root, 'ch/c', 'bun').map((m) => m.machine)).toEqual(['box-a-2c-4g-linux-x64-ab12']);
  });
});
