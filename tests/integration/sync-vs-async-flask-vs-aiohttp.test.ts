// Grinberg's Python servers (gunicorn sync workers, a gevent worker, aiohttp), a Python cell,
// through the real CLI in a sandbox: the quick preset as a dry run that writes nothing, then a run
// whose results land where the chapter reads them, with CPython's provenance and a stale hash that
// follows the cell's own modules. The rows are the load sweep's long shape with its keys; the one
// direction asserted is the robust one: at the highest quick concurrency, far more connections
// than sync workers, both async servers serve more requests per second than the sync pool (a
// queue of 64 on 3 workers against waits that overlap). Afterwards no server of the cell runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { runBench } from '../helpers/bench.ts';
import { ResultsFile } from '../../core/protocol.ts';
import { hasProgram } from '../../notebooks/lib/cpus.ts';

const CELL = 'sync-vs-async/flask-vs-aiohttp';
const RESULTS = `public/results/${CELL}.json`;
const DEPLOYMENTS = ['sync', 'gevent', 'async'];

let box: Sandbox;
let committed: string | undefined;
beforeAll(() => {
  box = makeSandbox();
  committed = existsSync(join(box.dir, RESULTS)) ? readFileSync(join(box.dir, RESULTS), 'utf8') : undefined;
});
afterAll(() => box.remove());

const leftovers = () =>
  spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter((l) => l.includes(box.dir) && /grinberg_apps|bridge\.ts/.test(l));

describe('sync-vs-async/flask-vs-aiohttp on CPython', () => {
  it('runs the quick preset as a dry run and writes nothing', async () => {
    const r = await runBench(box.dir, [CELL, '--quick', '--dry-run']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/sync-vs-async\/flask-vs-aiohttp\s+ok\s+18\s/);
    expect(r.stdout).toContain('not saved: dry run');
    expect(existsSync(join(box.dir, RESULTS)) ? readFileSync(join(box.dir, RESULTS), 'utf8') : undefined).toBe(committed);
    expect(leftovers()).toEqual([]);
  });

  it('stores the load sweep’s rows, on interleaved trials, with CPython’s provenance and hash', async () => {
    const r = await runBench(box.dir, [CELL, '--quick', '--replace']);
    expect(r.status, r.stderr).toBe(0);
    const results = ResultsFile.parse(JSON.parse(readFileSync(join(box.dir, RESULTS), 'utf8')));
    expect(results.provenance.runtime).toBe('cpython');
    expect(results.hash.inputs).toEqual(
      expect.arrayContaining([
        'notebooks/sync-vs-async/flask-vs-aiohttp.py',
        'notebooks/sync-vs-async/grinberg_apps.py',
        'notebooks/sync-vs-async/grinberg_deploy.py',
        'notebooks/lib/plumbing.py',
        'notebooks/lib/bridge.ts', // the TS plumbing plumbing.py runs, and what it imports
        'notebooks/lib/load.ts',
        'runners/python/sdk.py',
      ]),
    );
    expect(results.params).toEqual({ concurrency: '1,64', ioMs: 20, rounds: 2, minSeconds: 1, gevent: true, trials: 2 });
    expect(results.provenance.loadGenerator).toMatch(hasProgram('wrk') ? /^wrk/ : /^autocannon/);
    expect(results.provenance.pinned).toMatch(/server CPU list/);

    // Interleaved: every deployment at every concurrency in each trial round, in turn.
    const order = [1, 64].flatMap((c) => DEPLOYMENTS.map((d) => `${d}/${c}`));
    expect(results.trials.map((t) => `${t.deployment}/${t.concurrency}/${t.trial}`)).toEqual(
      [0, 1].flatMap((trial) => order.map((v) => `${v}/${trial}`)),
    );

    // One row per deployment, concurrency and metric, keyed as the load sweep keys its rows.
    expect(results.rows).toHaveLength(2 * 3 * 3);
    for (const row of results.rows) {
      const where = JSON.stringify(row);
      expect(row.handler, where).toBe('io');
      expect(row.workMs, where).toBe(20);
      expect(['requestsPerSec', 'p50Ms', 'p99Ms'], where).toContain(row.metric);
      expect(row.trials, where).toBe(2);
      expect(row.valueLo as number, where).toBeLessThanOrEqual(row.value as number);
      expect(row.value as number, where).toBeLessThanOrEqual(row.valueHi as number);
      expect(typeof row.generatorLimited, where).toBe('boolean');
      expect(row.beyondWorkers, where).toBe(
        (row.concurrency as number) > (results.rows.find((x) => x.deployment === 'sync')!.workers as number),
      );
      expect(row.errors, where).toBe(0);
    }
    const rate = (deployment: string, concurrency: number) =>
      results.rows.find((x) => x.deployment === deployment && x.concurrency === concurrency && x.metric === 'requestsPerSec')!
        .value as number;
    for (const d of ['gevent', 'async']) expect(rate(d, 64), d).toBeGreaterThan(rate('sync', 64));

    const list = await runBench(box.dir, [CELL, '--list']);
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/sync-vs-async\/flask-vs-aiohttp\s+cpython\s+measured\s/);
    expect(leftovers()).toEqual([]);
  });
});
