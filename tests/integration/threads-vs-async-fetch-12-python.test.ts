// Dong Weiming's twelve fetches in his own Python, through the real CLI in a sandbox, as CI runs
// it: the quick preset on the system's CPython as a dry run that writes nothing, then a run whose
// results are keyed like the Node cell's (so one chart can draw both), with the essay's figures as
// reference rows, a direction only where four round trips against one make it robust, and no
// latency server, bridge or pool process left behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { runBench } from '../helpers/bench.ts';
import { ResultsFile } from '../../core/protocol.ts';

const CELL = 'threads-vs-async/fetch-12-python';
const RESULTS = `public/results/${CELL}.json`;
const APPROACHES = ['thread-pool', 'pool-from-async', 'one-loop', 'loop-per-thread', 'process-pool'];
const MINUTES = 60_000;

let box: Sandbox;
let committed: string | undefined;
beforeAll(() => {
  box = makeSandbox();
  committed = existsSync(join(box.dir, RESULTS)) ? readFileSync(join(box.dir, RESULTS), 'utf8') : undefined;
});
afterAll(() => box.remove());

/** Processes started from the sandbox's files: the bridge, the latency server, the pool's workers. */
function leftovers(): string[] {
  const r = spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return r.stdout.split('\n').filter((l) => l.includes(box.dir) && !l.includes('runners/bin/bench.ts'));
}
const num = (v: unknown) => v as number;

describe('threads-vs-async/fetch-12-python on CPython', () => {
  it(
    'runs the quick preset as a dry run, writes nothing and leaves nothing running',
    async () => {
      const r = await runBench(box.dir, [CELL, '--quick', '--dry-run']);
      expect(r.status, r.stderr + r.stdout).toBe(0);
      expect(r.stdout).toMatch(/threads-vs-async\/fetch-12-python\s+ok\s+5\s/);
      expect(r.stdout).toContain('not saved: dry run');
      expect(existsSync(join(box.dir, RESULTS)) ? readFileSync(join(box.dir, RESULTS), 'utf8') : undefined).toBe(committed);
      expect(leftovers()).toEqual([]);
    },
    5 * MINUTES,
  );

  it(
    "stores rows keyed like the Node cell's, with CPython's provenance and the essay's figures",
    async () => {
      const r = await runBench(box.dir, [CELL, '--quick', '--replace']);
      expect(r.status, r.stderr + r.stdout).toBe(0);
      expect(leftovers()).toEqual([]);
      const results = ResultsFile.parse(JSON.parse(readFileSync(join(box.dir, RESULTS), 'utf8')));
      expect(results.provenance.runtime).toBe('cpython');
      expect(results.params).toEqual({ delayMs: 150, jitterMs: 30, trials: 2 });
      expect(results.hash.inputs).toEqual(
        expect.arrayContaining([
          'notebooks/threads-vs-async/fetch-12-python.py',
          'notebooks/threads-vs-async/lib/urllib_requests.py',
          'notebooks/lib/plumbing.py',
          'runners/python/sdk.py',
        ]),
      );

      // One row per approach, in the essay's order, keyed as fetch-12.ts keys its rows; no runtime field.
      const rows = results.rows;
      expect(rows.map((x) => x.approach)).toEqual(APPROACHES);
      for (const row of rows) {
        expect(row.run).toBe(`cpython-${results.provenance.runtimeVersion}`);
        expect(row).toMatchObject({ delayMs: 150, jitterMs: 30, trials: 2 });
        expect(row).not.toHaveProperty('runtime');
        expect(String(row.variant)).toMatch(/^(requests|urllib|aiohttp)-/);
        for (const m of ['seconds', 'roundTrips', 'vsOneLoop']) {
          expect(num(row[`${m}Lo`]), m).toBeLessThanOrEqual(num(row[m]));
          expect(num(row[m]), m).toBeLessThanOrEqual(num(row[`${m}Hi`]));
        }
      }
      expect(results.trials.map((t) => `${t.approach}/${t.trial}`)).toEqual([
        ...APPROACHES.map((a) => `${a}/0`),
        ...APPROACHES.map((a) => `${a}/1`),
      ]);

      // Directions only where they are robust: three blocked workers need four round trips, one loop about one.
      const by = (approach: string) => rows.find((x) => x.approach === approach)!;
      expect(by('one-loop')).toMatchObject({ vsOneLoop: 1, vsOneLoopLo: 1, vsOneLoopHi: 1 });
      expect(num(by('one-loop').seconds)).toBeLessThan(num(by('thread-pool').seconds));
      expect(num(by('one-loop').seconds)).toBeLessThan(num(by('process-pool').seconds));
      // What the latency server held at once (peakInFlight, as fetch-12.ts records it): a pool of three, at most three; one loop, more than that.
      for (const approach of ['thread-pool', 'pool-from-async', 'process-pool'])
        expect(num(by(approach).peakInFlightHi), approach).toBeLessThanOrEqual(3);
      // One loop holds more than three: all twelve when it sends them faster than the shortest
      // delay, which a busy machine cannot promise.
      expect(num(by('one-loop').peakInFlight)).toBeGreaterThan(3);

      // The essay's figures beside ours, keyed alike and marked as the essay's.
      expect(results.reference).toHaveLength(8);
      for (const ref of results.reference) expect(ref.runtime).toBe('essay');
      expect(results.reference.map((x) => `${x.run}/${x.approach}`)).toEqual([
        'essay-laptop/thread-pool',
        'essay-laptop/pool-from-async',
        'essay-laptop/one-loop',
        'essay-laptop/loop-per-thread',
        'essay-server/process-pool',
        'essay-server/pool-from-async',
        'essay-server/one-loop',
        'essay-server/loop-per-thread',
      ]);
      const server = (approach: string) => results.reference.find((x) => x.run === 'essay-server' && x.approach === approach)!;
      expect(num(server('process-pool').vsOneLoop)).toBeCloseTo(2.2943034172058105 / 0.6706254482269287, 9);
    },
    5 * MINUTES,
  );
});
