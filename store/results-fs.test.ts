import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkCommitted } from './merge-fs.ts';
import { HISTORY_KEEP, pruneHistory, readHistory, readResults, saveResults, writeFileAtomic } from './results-fs.ts';
import type { ResultsFile } from '../core/protocol.ts';
import { resultsFile } from '../tests/helpers/results-file.ts';

let root: string;
beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'am-results-'))));
afterEach(() => rmSync(root, { recursive: true, force: true }));

function results(n: number, date = `2026-01-${String(n).padStart(2, '0')}T00:00:00.000Z`): ResultsFile {
  return resultsFile({
    preset: 'quick',
    params: {},
    rows: [{ n }],
    provenance: { ...resultsFile().provenance, date },
    hash: { value: 'b'.repeat(64), inputs: [] },
  });
}

describe('results store', () => {
  it('reports a missing file as missing', () => {
    expect(readResults(root, 'ch/c')).toEqual({ state: 'missing' });
  });

  it('saves and reads back, leaving no temp files', () => {
    saveResults(root, results(1));
    const read = readResults(root, 'ch/c');
    expect(read.state).toBe('ok');
    expect(readdirSync(join(root, 'public/results/ch'))).toEqual(['c.json']);
  });

  it('keeps each runtime its own file: Node 20 where results always were, the others beside it', () => {
    const node = results(1);
    const bun = { ...results(2), provenance: { ...results(2).provenance, runtime: 'bun', runtimeVersion: '1.2.3' } };
    saveResults(root, node);
    saveResults(root, bun, 'bun');
    expect(readdirSync(join(root, 'public/results/ch')).sort()).toEqual(['c', 'c.json']);
    expect(readdirSync(join(root, 'public/results/ch/c'))).toEqual(['bun.json']);
    // Neither overwrote the other, and replacing one leaves the other as it was.
    expect(readResults(root, 'ch/c')).toMatchObject({ state: 'ok', results: { rows: [{ n: 1 }], provenance: { runtime: 'node' } } });
    expect(readResults(root, 'ch/c', 'bun')).toMatchObject({ state: 'ok', results: { rows: [{ n: 2 }], provenance: { runtime: 'bun' } } });
    saveResults(root, results(3));
    expect(readResults(root, 'ch/c', 'bun')).toMatchObject({ state: 'ok', results: { rows: [{ n: 2 }] } });
    expect(readResults(root, 'ch/c', 'deno')).toEqual({ state: 'missing' });
  });

  it('names the runtime in the way to re-measure a broken file of another runtime', () => {
    mkdirSync(join(root, 'public/results/ch/c'), { recursive: true });
    writeFileSync(join(root, 'public/results/ch/c/deno.json'), '{ torn');
    expect((readResults(root, 'ch/c', 'deno') as { message: string }).message).toMatch(
      /^public\/results\/ch\/c\/deno\.json is not a valid results file: .*`npm run bench -- --runtime deno ch\/c`/,
    );
  });

  it('keeps replaced results in a bounded history, newest first', () => {
    for (let i = 1; i <= HISTORY_KEEP + 3; i++) saveResults(root, results(i));
    const history = readHistory(root, 'ch/c');
    expect(history).toHaveLength(HISTORY_KEEP);
    expect(history[0]).toMatchObject({ state: 'ok', results: { rows: [{ n: HISTORY_KEEP + 2 }] } });
  });

  it('keeps the history within a byte budget too, always the newest entry', () => {
    const dir = join(root, 'h');
    mkdirSync(dir);
    for (const [name, size] of [
      ['1.json', 400],
      ['2.json', 400],
      ['3.json', 400],
      ['4.json', 5000],
    ] as const)
      writeFileSync(join(dir, name), 'x'.repeat(size));
    pruneHistory(dir, 10, 1000);
    expect(readdirSync(dir).sort()).toEqual(['4.json']); // the newest alone is over budget, and stays
    writeFileSync(join(dir, '5.json'), 'x'.repeat(300));
    writeFileSync(join(dir, '6.json'), 'x'.repeat(300));
    pruneHistory(dir, 10, 1000);
    expect(readdirSync(dir).sort()).toEqual(['5.json', '6.json']);
    pruneHistory(dir, 1, 1000);
    expect(readdirSync(dir)).toEqual(['6.json']);
  });

  it('names the file and the fault for corrupt or schema-invalid results', () => {
    mkdirSync(join(root, 'public/results/ch'), { recursive: true });
    writeFileSync(join(root, 'public/results/ch/c.json'), '{"schema": 1, "cell": "ch/c", "rows": [');
    const bad = readResults(root, 'ch/c');
    expect(bad.state).toBe('invalid');
    expect((bad as { message: string }).message).toMatch(/public\/results\/ch\/c.json is not a valid results file: it is not valid JSON/);
    writeFileSync(join(root, 'public/results/ch/c.json'), JSON.stringify({ ...results(1), rows: 'nope' }));
    expect((readResults(root, 'ch/c') as { message: string }).message).toMatch(/rows: Expected array/);
  });

  it('writes atomically: a failed write leaves the old content and no temp file', () => {
    const file = join(root, 'x.json');
    writeFileAtomic(file, 'old');
    // A directory where the temp file's rename target's parent should be cannot take a write.
    expect(() => writeFileAtomic(join(root, 'x.json', 'y'), 'new')).toThrow();
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(readdirSync(root).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe("other machines' results", () => {
  it('saves and reads them under their own root, the same shapes inside', () => {
    const dir = join(root, 'out/machines/box-1234');
    expect(saveResults(root, results(1), 'node20', dir)).toBe('out/machines/box-1234/ch/c.json');
    expect(saveResults(root, results(2), 'bun', dir)).toBe('out/machines/box-1234/ch/c/bun.json');
    expect(readResults(root, 'ch/c', 'node20', dir)).toMatchObject({ state: 'ok', results: { rows: [{ n: 1 }] } });
    expect(readResults(root, 'ch/c')).toEqual({ state: 'missing' });
    expect(existsSync(join(root, 'public'))).toBe(false);
  });

  // CI refuses a contributed file that fails npm run merge's checks (README, "Contributing your machine's results").
  it('every committed file under public/results/machines/ passes the checks of npm run merge, at its own commit', () => {
    const project = fileURLToPath(new URL('..', import.meta.url));
    const dir = join(project, 'public/results/machines');
    expect(existsSync(dir) ? checkCommitted(project, [dir]) : []).toEqual([]);
  });
});
