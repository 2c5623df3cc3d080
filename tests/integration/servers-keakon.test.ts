// keakon's own Python servers (servers/keakon, a Python cell) through the real CLI in a sandbox:
// the quick preset on the system's CPython, a dry run that writes nothing, then a run whose rows
// are keyed like servers/hello's (server, shape, requestsPerSec with its interval, ofCeiling...)
// so one chart draws the Python and Node servers, with Node's raw net server in the same trials
// (its rows and the ceiling's say runtime "node"); afterwards no server process is left.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSandbox, processesIn, type Sandbox } from '../helpers/sandbox.ts';
import { runBench } from '../helpers/bench.ts';
import { ResultsFile } from '../../core/protocol.ts';

const CELL = 'servers/keakon';
const RESULTS = `public/results/${CELL}.json`;
// Every server of the essay; kqueue runs only where select.kqueue exists (macOS, the BSDs).
const ESSAY = ['tornado', 'asyncio-protocol', 'asyncio-streams', 'py-poll', 'py-kqueue', 'py-selectors', 'py-ioloop'];
// Node's servers run in the same trials (the canned responder first: the ceiling).
const NODE = ['canned', 'raw-net'];
const HERE = ['tornado', 'asyncio-protocol', 'asyncio-protocol-uvloop', 'asyncio-streams', 'py-poll', 'py-selectors', 'py-ioloop'];

let box: Sandbox;
let committed: string | undefined;
beforeAll(() => {
  box = makeSandbox();
  committed = existsSync(join(box.dir, RESULTS)) ? readFileSync(join(box.dir, RESULTS), 'utf8') : undefined;
});
afterAll(() => box.remove());

describe('servers/keakon on CPython', () => {
  // A quick run is about 25 s on a quiet machine; a busy one (other benchmarks, builds) takes longer.
  it('runs the quick preset as a dry run and writes nothing', { timeout: 5 * 60_000 }, async () => {
    const r = await runBench(box.dir, [CELL, '--quick', '--dry-run']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/servers\/keakon\s+ok\s+9\s/);
    expect(r.stdout).toContain('not saved: dry run');
    expect(existsSync(join(box.dir, RESULTS)) ? readFileSync(join(box.dir, RESULTS), 'utf8') : undefined).toBe(committed);
    // Every server process and the canned responder stopped with the run.
    expect(processesIn(box.dir)).toEqual([]);
  });

  it('keys its rows as servers/hello does, beside the ceiling and the essay', { timeout: 5 * 60_000 }, async () => {
    const r = await runBench(box.dir, [CELL, '--quick', '--replace']);
    expect(r.status, r.stderr).toBe(0);
    const results = ResultsFile.parse(JSON.parse(readFileSync(join(box.dir, RESULTS), 'utf8')));
    expect(results.provenance.runtime).toBe('cpython');
    expect(results.provenance.loadGenerator).toMatch(
      /ab .*canned responder [\d,]+ req\/s, ceiling taken as the fastest measured, [\d,]+ req\/s/,
    );
    expect(results.hash.inputs).toEqual(
      expect.arrayContaining(['notebooks/servers/keakon.py', 'notebooks/servers/keakon_servers.py', 'notebooks/lib/plumbing.py']),
    );

    // The ceiling first, Node's raw net server, then every server of his this platform runs, each in the essay's shape.
    expect(results.rows.map((x) => x.server)).toEqual([...NODE, ...HERE]);
    expect(results.rows.map((x) => x.runtime)).toEqual([...NODE.map(() => 'node'), ...HERE.map(() => 'cpython')]);
    const shape = results.rows[0]!.shape;
    expect(['ab', 'ab-autocannon']).toContain(shape);
    expect(results.trials).toHaveLength(2 * results.rows.length);
    for (const row of results.rows) {
      expect(row.shape).toBe(shape);
      expect(row.trials).toBe(2);
      expect(row.requestsPerSec as number, String(row.server)).toBeGreaterThan(0);
      for (const m of ['requestsPerSec', 'p50Ms', 'ofCeiling']) {
        expect(row[`${m}Lo`] as number, `${row.server} ${m}`).toBeLessThanOrEqual(row[m] as number);
        expect(row[m] as number, `${row.server} ${m}`).toBeLessThanOrEqual(row[`${m}Hi`] as number);
      }
      expect(typeof row.generatorLimited).toBe('boolean');
    }
    const ceiling = results.rows[0]!;
    expect([ceiling.ofCeiling, ceiling.generatorLimited, ceiling.note]).toEqual([1, true, 'ceiling']);
    for (const row of results.rows.slice(1)) expect(row.note).toBe(row.generatorLimited ? 'generator-limited' : '');

    // His seven figures, keyed alike, as the essay's runtime.
    expect(results.reference.map((x) => x.server)).toEqual(ESSAY);
    for (const ref of results.reference) expect([ref.shape, ref.runtime]).toEqual(['essay-ab', 'essay']);
    expect(results.reference.find((x) => x.server === 'py-poll')!.requestsPerSec).toBe(7700);

    expect(processesIn(box.dir)).toEqual([]);
  });
});
