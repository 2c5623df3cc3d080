// Bayer's yield-from cell, a Python cell, through the real CLI in a sandbox, as CI runs it: the
// quick preset on the system's CPython (its reference runtime), a dry run that writes nothing, a
// run whose results land where the chapter's charts read them with CPython in their provenance
// and stale hash, and a JavaScript runtime that skips it rather than failing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { runBench } from '../helpers/bench.ts';
import { ResultsFile } from '../../core/protocol.ts';

const CELL = 'generator-overhead/yield-from';
const RESULTS = `public/results/${CELL}.json`;

let box: Sandbox;
let committed: string | undefined;
beforeAll(() => {
  box = makeSandbox();
  committed = existsSync(join(box.dir, RESULTS)) ? readFileSync(join(box.dir, RESULTS), 'utf8') : undefined;
});
afterAll(() => box.remove());

describe('generator-overhead/yield-from on CPython', () => {
  it('runs the quick preset as a dry run and writes nothing', async () => {
    const r = await runBench(box.dir, [CELL, '--quick', '--dry-run']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/generator-overhead\/yield-from\s+ok\s+2\s/);
    expect(r.stdout).toContain('not saved: dry run');
    // The stored (committed, full) results are as they were, or still absent.
    expect(existsSync(join(box.dir, RESULTS)) ? readFileSync(join(box.dir, RESULTS), 'utf8') : undefined).toBe(committed);
  });

  it("stores its rows where the chapter reads them, with CPython's provenance and hash", async () => {
    // --replace: a quick run replaces stored full results only when asked to.
    const r = await runBench(box.dir, [CELL, '--quick', '--replace']);
    expect(r.status, r.stderr).toBe(0);
    const results = ResultsFile.parse(JSON.parse(readFileSync(join(box.dir, RESULTS), 'utf8')));
    expect(results.provenance.runtime).toBe('cpython');
    expect(results.provenance.runtimeVersion).toMatch(/^3\.\d+\.\d+/);
    expect(results.hash.runtime).toBe(`cpython ${results.provenance.runtimeVersion}`);
    expect(results.hash.inputs).toEqual(
      expect.arrayContaining(['notebooks/generator-overhead/yield-from.py', 'runners/python/sdk.py', 'runners/python/child.py']),
    );
    expect(results.params).toEqual({ trials: 2, number: 1_000_000 });

    // One row per function, keyed as the TypeScript `calls` cell keys its rows, on its interleaved trials.
    expect(results.rows.map((x) => x.variant)).toEqual(['plain', 'yield-from']);
    expect(results.trials.map((t) => `${t.variant}/${t.trial}`)).toEqual(['plain/0', 'yield-from/0', 'plain/1', 'yield-from/1']);
    for (const row of results.rows) {
      expect(row.runtime).toBe('cpython');
      expect(row.trials).toBe(2);
      for (const m of ['nsPerCall', 'ratio']) {
        expect(row[`${m}Lo`] as number, m).toBeLessThanOrEqual(row[m] as number);
        expect(row[m] as number, m).toBeLessThanOrEqual(row[`${m}Hi`] as number);
      }
    }
    const [plain, gen] = results.rows;
    expect(plain!.ratio).toBe(1);
    // Direction only, and a robust one: a generator created, started and stopped costs more than a call.
    expect(gen!.nsPerCall as number).toBeGreaterThan(plain!.nsPerCall as number);
    // The essay's figures beside ours, keyed alike.
    expect(results.reference.map((x) => [x.variant, x.runtime])).toEqual([
      ['plain', 'essay-cpython-3.4'],
      ['yield-from', 'essay-cpython-3.4'],
    ]);
    expect(results.reference[1]!.ratio as number).toBeCloseTo(12.52761328802444 / 2.110536064952612, 9);

    // Not stale right after the run: the list judges it on CPython, as it was measured.
    const list = await runBench(box.dir, [CELL, '--list']);
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/generator-overhead\/yield-from\s+cpython\s+measured\s/);
  });

  it('is skipped, not failed, on a JavaScript runtime, leaving its results alone', async () => {
    const before = readFileSync(join(box.dir, RESULTS), 'utf8');
    const r = await runBench(box.dir, [CELL, '--quick', '--runtime', 'deno']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('cannot run a Python cell');
    expect(r.stdout).toContain('0 ok, 0 failed, 1 skipped');
    expect(readFileSync(join(box.dir, RESULTS), 'utf8')).toBe(before);
  });
});
