// luminousmen's own Python (cpu-vs-io/luminousmen) through the real CLI in a sandbox, as CI runs
// it: the quick preset on the system's CPython, against the project's latency server. The run's
// rows are keyed as the Node `jobs` cell's, his asyncio mapped job by job, gevent in a row of its
// own; every waiting way beats the sequential loop at the I/O job (forty round trips against about
// four: a direction no busy machine reverses); and nothing it started is left running, the gevent
// worker and the latency server included. The CPU job's directions are the ledger's to judge on
// the full preset: the quick preset's exponent is small and this machine is shared.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { runBench } from '../helpers/bench.ts';
import { ResultsFile } from '../../core/protocol.ts';

const CELL = 'cpu-vs-io/luminousmen';
const MINUTES = 60_000;

let box: Sandbox;
beforeAll(() => {
  box = makeSandbox();
});
afterAll(() => box.remove());

/** Processes started from the sandbox's files: the latency server, its bridge, the gevent worker, job processes. */
function leftovers(): string[] {
  const r = spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return r.stdout.split('\n').filter((l) => l.includes(box.dir) && !l.includes('runners/bin/bench.ts'));
}
const num = (v: unknown) => v as number;

describe('cpu-vs-io/luminousmen on CPython', () => {
  it(
    "runs his five ways on both jobs, keyed as the Node cell's rows, and leaves nothing running",
    async () => {
      // A sandbox run that stores its results there (--replace: over the copied full results, if any).
      const r = await runBench(box.dir, [CELL, '--quick', '--replace']);
      expect(r.status, r.stderr + r.stdout).toBe(0);
      expect(leftovers()).toEqual([]);
      const results = ResultsFile.parse(JSON.parse(readFileSync(join(box.dir, 'public/results', `${CELL}.json`), 'utf8')));
      expect(results.provenance.runtime).toBe('cpython');
      expect(results.hash.inputs).toEqual(expect.arrayContaining(['notebooks/cpu-vs-io/luminousmen.py', 'notebooks/lib/plumbing.py']));
      expect(results.params).toEqual({ exponent: 20_000, delayMs: 50, jitterMs: 10, trials: 2 });

      // His asyncio is run_in_executor for the CPU job and aiohttp on the loop for the I/O job.
      const ways = results.rows.map((x) => `${x.job}/${x.variant}`);
      expect(ways).toEqual([
        'cpu/sequential',
        'cpu/threads',
        'cpu/processes',
        'cpu/gevent',
        'cpu/async-pool',
        'io/sequential',
        'io/threads',
        'io/processes',
        'io/gevent',
        'io/async',
      ]);
      // Interleaved: trial 0 of every way, then trial 1 of every way.
      expect(results.trials.map((t) => t.trial)).toEqual([...Array(10).fill(0), ...Array(10).fill(1)]);
      for (const row of results.rows) {
        expect(row.runtime, 'rows carry no runtime: the chart adds it').toBeUndefined();
        expect(row.trials).toBe(2);
        expect(row.cores).toBeGreaterThanOrEqual(1);
        expect(row.coreLimit).toBe(row.job === 'cpu' ? row.cores : null);
        expect(row.exponent).toBe(row.job === 'cpu' ? results.params.exponent : null);
        for (const m of ['seconds', 'speedup']) {
          expect(num(row[`${m}Lo`]), m).toBeLessThanOrEqual(num(row[m]));
          expect(num(row[m]), m).toBeLessThanOrEqual(num(row[`${m}Hi`]));
        }
      }
      for (const row of results.rows.filter((x) => x.variant === 'sequential'))
        expect(row).toMatchObject({ speedup: 1, speedupLo: 1, speedupHi: 1 });

      // The I/O job: forty round trips in a row against about four for every way that waits at once.
      const io = results.rows.filter((x) => x.job === 'io');
      const sequential = num(io.find((x) => x.variant === 'sequential')!.seconds);
      for (const row of io.filter((x) => x.variant !== 'sequential'))
        expect(num(row.seconds), String(row.variant)).toBeLessThan(sequential);

      // The essay's ten figures beside ours, keyed alike, marked as the essay's.
      expect(results.reference).toHaveLength(10);
      for (const ref of results.reference) expect(ref.runtime).toBe('essay');
      const essay = (job: string, variant: string) => results.reference.find((x) => x.job === job && x.variant === variant)!;
      expect(essay('cpu', 'async-pool').seconds).toBe(2.23);
      expect(essay('io', 'async').seconds).toBe(4.37);
      expect(essay('io', 'gevent').seconds).toBe(6.85);
      expect(num(essay('io', 'threads').speedup)).toBeCloseTo(31.4 / 7.9, 9);
    },
    5 * MINUTES,
  );
});
