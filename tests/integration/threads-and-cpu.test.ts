// The threads-vs-async and cpu-vs-io chapters, as CI runs them: quick presets (with fewer points
// given by --param, kept as experiments) give valid results that point the way the chapters say,
// and no latency server, worker or child process is left.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { runBench } from '../helpers/bench.ts';
import { paramArgs, readExperiment } from '../helpers/experiment.ts';
import { ResultsFile } from '../../core/protocol.ts';

let box: Sandbox;
beforeAll(() => {
  box = makeSandbox();
});
afterAll(() => box.remove());

const MINUTES = 60_000;
// Cells run with --param are experiments: their results are in the history, not in public/results.
const SMALLER: Record<string, Record<string, unknown>> = {
  // A shorter delay: the same twelve fetches in four rounds of three for the pool, in one for the loop.
  'threads-vs-async/fetch-12': { delayMs: 100, jitterMs: 20 },
  // Fewer and smaller steps: a thread server of 50 connections is still megabytes against kilobytes,
  // and both steps lie beyond it, so both are extrapolated.
  'threads-vs-async/c10k': { steps: [100, 300], threadCap: 50 },
  // Not cpu-vs-io/jobs: with a shorter delay than the quick preset's, starting ten threads weighs
  // more than the sequential I/O job's forty round trips, and the direction asserted below flips.
};
const read = (id: string) =>
  SMALLER[id]
    ? readExperiment(box.dir, id)
    : ResultsFile.parse(JSON.parse(readFileSync(join(box.dir, 'public/results', `${id}.json`), 'utf8')));
const bench = (...args: string[]) => runBench(box.dir, args);
/** One cell's quick preset with this test's smaller parameters. */
const benchSmaller = (id: string) => bench(id, '--quick', ...paramArgs(SMALLER[id]!));

/** Processes started from the sandbox's files: latency servers, C10K servers, job processes. */
function leftovers(): string[] {
  const r = spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return r.stdout.split('\n').filter((l) => l.includes(box.dir) && !l.includes('runners/bin/bench.ts'));
}
const num = (v: unknown) => v as number;

/**
 * Every row rests on the `trials` parameter's count of trials, with each measure inside its
 * interval, and the results hold one trial per variant (distinct `key` fields) per round.
 */
function expectTrials(id: string, key: string[], measures: string[], rows = read(id).rows) {
  const results = read(id);
  const trials = num(results.params.trials);
  expect(trials).toBeGreaterThanOrEqual(2);
  for (const row of rows) {
    expect(row.trials, JSON.stringify(row)).toBe(trials);
    for (const m of measures) {
      expect(num(row[`${m}Lo`]), `${m}Lo ${JSON.stringify(row)}`).toBeLessThanOrEqual(num(row[m]));
      expect(num(row[m]), `${m}Hi ${JSON.stringify(row)}`).toBeLessThanOrEqual(num(row[`${m}Hi`]));
    }
  }
  const variants = new Set(rows.map((r) => JSON.stringify(key.map((k) => r[k]))));
  expect(results.trials).toHaveLength(variants.size * trials);
  for (const v of variants) expect(results.trials.filter((t) => JSON.stringify(key.map((k) => t[k])) === v)).toHaveLength(trials);
}

describe('threads-vs-async chapter', () => {
  it(
    'runs both cells and leaves nothing running',
    async () => {
      // The chapter's Node cells; its Python cell (fetch-12-python) has its own test.
      for (const id of ['threads-vs-async/fetch-12', 'threads-vs-async/c10k']) {
        const r = await benchSmaller(id);
        expect(r.status, r.stderr + r.stdout).toBe(0);
        expect(leftovers()).toEqual([]);
      }
    },
    12 * MINUTES,
  );

  it('twelve fetches: one event loop beats a pool of three blocking threads', () => {
    const rows = read('threads-vs-async/fetch-12').rows;
    expect(rows).toHaveLength(5);
    const by = (approach: string) => rows.find((x) => x.approach === approach)!;
    const pool = by('thread-pool');
    const loop = by('one-loop');
    expect(num(loop.seconds)).toBeLessThan(num(pool.seconds));
    expect(num(by('loop-per-thread').seconds)).toBeLessThan(num(pool.seconds));
    expect(num(by('process-pool').seconds)).toBeGreaterThan(num(loop.seconds));
    expect(pool.peakInFlight).toBeLessThanOrEqual(3); // a blocked thread holds one request at a time
    // One loop holds more than a pool of three: all twelve when it sends them faster than the
    // shortest delay, which a busy machine cannot promise (a CI run saw 10).
    expect(loop.peakInFlight).toBeGreaterThan(3);
    for (const row of rows) expect(num(row.seconds)).toBeGreaterThan(0);
    // The essay's claim, process pool against one loop, reads off one field with its interval.
    expect(loop).toMatchObject({ vsOneLoop: 1, vsOneLoopLo: 1, vsOneLoopHi: 1 });
    expect(num(by('process-pool').vsOneLoop)).toBeGreaterThan(1);
    expectTrials('threads-vs-async/fetch-12', ['approach'], ['seconds', 'roundTrips', 'peakInFlight', 'vsOneLoop']);
  });

  it('C10K: a connection costs the event loop far less memory than a thread', () => {
    const rows = read('threads-vs-async/c10k').rows;
    const memory = (server: string) => rows.filter((x) => x.server === server && x.measure === 'kbPerConnection').map((x) => num(x.value));
    const loop = memory('event-loop');
    const threads = memory('thread-per-connection');
    expect(loop.length).toBeGreaterThan(0);
    expect(threads.length).toBeGreaterThan(0);
    expect(Math.max(...loop) * 10).toBeLessThan(Math.min(...threads));
    expect(rows.filter((x) => x.server === 'thread-per-connection-extrapolated').every((x) => x.extrapolated === true)).toBe(true);
    expectTrials(
      'threads-vs-async/c10k',
      ['server', 'connections'],
      ['value'],
      rows.filter((x) => x.extrapolated === false),
    );
  });
});

describe('cpu-vs-io chapter', () => {
  it(
    'runs, and every in-process concurrent I/O variant beats the sequential one',
    async () => {
      // The Node cell only: luminousmen's Python cell has its own test (cpu-vs-io-luminousmen.test.ts).
      const r = await bench('cpu-vs-io/jobs', '--quick', '--replace');
      expect(r.status, r.stderr + r.stdout).toBe(0);
      expect(leftovers()).toEqual([]);
      const rows = read('cpu-vs-io/jobs').rows;
      expect(rows).toHaveLength(10);
      const io = rows.filter((x) => x.job === 'io');
      const sequential = num(io.find((x) => x.variant === 'sequential')!.seconds);
      // Starting ten Node processes takes seconds on a busy machine (the other test lane runs beside
      // this one), longer than the quick preset's whole sequential run: the direction is asserted
      // for the variants that start nothing, the process pool only has to finish.
      for (const row of io.filter((x) => x.variant !== 'sequential')) {
        if (row.variant === 'processes') expect(num(row.seconds)).toBeGreaterThan(0);
        else expect(num(row.seconds), String(row.variant)).toBeLessThan(sequential);
      }
      const cpu = rows.filter((x) => x.job === 'cpu');
      for (const row of cpu) expect(row.coreLimit).toBe(row.cores);
      for (const row of rows.filter((x) => x.variant === 'sequential'))
        expect(row).toMatchObject({ speedup: 1, speedupLo: 1, speedupHi: 1 });
      expectTrials('cpu-vs-io/jobs', ['job', 'variant'], ['seconds', 'speedup']);
    },
    12 * MINUTES,
  );
});
