// The sync-vs-async chapter as CI runs it: each deployment (sync, async, hybrid) answers both
// handlers and stops completely; the quick presets measure throughput and percentiles at every
// concurrency; with the I/O-bound handler at the highest quick concurrency the one-loop async
// server outruns the 4-worker blocking server; afterwards nothing the chapter started is running.
// Every cell stores one trial per variant per trial round, and each row is a median inside its
// 95 % interval, resting on as many trials as the preset asked for.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { runBench } from '../helpers/bench.ts';
import { ResultsFile } from '../../core/protocol.ts';
import { hiField, loField } from '../../core/trials.ts';
import { type Deployment, startDeployment } from '../../notebooks/sync-vs-async/lib/deployments.ts';
import { isRunning as alive } from '../helpers/process.ts';
import { hasProgram } from '../../notebooks/lib/cpus.ts';

describe('each deployment answers both handlers', () => {
  it.each<Deployment>(['sync', 'async', 'hybrid'])('%s', async (deployment) => {
    const server = await startDeployment({ deployment, ioMs: 20, cpuIterations: 100_000, workers: deployment === 'async' ? 1 : 2 });
    try {
      for (const path of ['io', 'cpu']) {
        const res = await fetch(`${server.url}${path}`);
        expect(res.status).toBe(200);
        expect(await res.text()).toMatch(/^ok/);
      }
      expect(server.workerPids.length).toBe(deployment === 'async' ? 1 : 2);
    } finally {
      await server.stop();
    }
    expect(server.pids.filter(alive)).toEqual([]);
  });

  it('a sync worker really blocks: two I/O requests on one worker take twice the wait', async () => {
    const server = await startDeployment({ deployment: 'sync', ioMs: 200, cpuIterations: 1000, workers: 1 });
    try {
      const t0 = performance.now();
      await Promise.all([fetch(`${server.url}io`), fetch(`${server.url}io`)].map(async (p) => (await p).text()));
      expect(performance.now() - t0).toBeGreaterThanOrEqual(390);
    } finally {
      await server.stop();
    }
  });
});

describe('sync-vs-async chapter, quick presets through the CLI', () => {
  let box: Sandbox;
  beforeAll(() => {
    box = makeSandbox();
  });
  afterAll(() => box.remove());
  const read = (id: string) => ResultsFile.parse(JSON.parse(readFileSync(join(box.dir, 'public/results', `${id}.json`), 'utf8')));
  // Trials: one per variant per trial round, numbered 0..n-1; each row rests on all n of its own
  // and has its median inside its interval.
  const expectTrials = (results: ResultsFile, variants: number, measure: string) => {
    const n = results.params.trials as number;
    expect(n).toBeGreaterThanOrEqual(2);
    expect(results.trials).toHaveLength(variants * n);
    expect(new Set(results.trials.map((t) => t.trial))).toEqual(new Set(Array.from({ length: n }, (_, i) => i)));
    for (const row of results.rows) {
      const where = JSON.stringify(row);
      expect(row.trials, where).toBe(n);
      expect(row[loField(measure)] as number, where).toBeLessThanOrEqual(row[measure] as number);
      expect(row[measure] as number, where).toBeLessThanOrEqual(row[hiField(measure)] as number);
    }
  };
  const leftovers = () =>
    spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' })
      .stdout.split('\n')
      .filter((l) => l.includes(box.dir) && /deployments|load\.ts|pingpong|task-memory/.test(l));

  it('sweeps every deployment and handler, measures memory and switches, and leaves nothing behind', async () => {
    // These three cells; the database-pool cell has its own test (sync-vs-async-db-pool.test.ts).
    const cells = ['load-sweep', 'memory', 'context-switch'].map((c) => `sync-vs-async/${c}`);
    const r = await runBench(box.dir, [...cells, '--quick', '--replace'], {}, 170_000);
    expect(r.status, r.stderr).toBe(0);

    const sweep = read('sync-vs-async/load-sweep');
    expect(sweep.provenance.loadGenerator).toMatch(hasProgram('wrk') ? /^wrk/ : /^autocannon/);
    const levels = [...new Set(sweep.rows.map((x) => x.concurrency as number))].sort((a, b) => a - b);
    expect(levels).toEqual([...(sweep.params.concurrency as number[])].sort((a, b) => a - b));
    expect(levels.length).toBeGreaterThanOrEqual(2);
    expectTrials(sweep, 3 * 2 * levels.length, 'value');
    const value = (deployment: string, handler: string, c: number, metric: string) => {
      const found = sweep.rows.filter(
        (x) => x.deployment === deployment && x.handler === handler && x.concurrency === c && x.metric === metric,
      );
      expect(found, `${deployment} ${handler} c=${c} ${metric}`).toHaveLength(1);
      return found[0]!.value as number;
    };
    for (const d of ['sync', 'async', 'hybrid']) {
      for (const h of ['io', 'cpu']) {
        for (const c of levels) {
          const rps = value(d, h, c, 'requestsPerSec');
          const p50 = value(d, h, c, 'p50Ms');
          const p99 = value(d, h, c, 'p99Ms');
          expect(rps).toBeGreaterThan(0);
          expect(p50).toBeGreaterThan(0);
          expect(p99).toBeGreaterThanOrEqual(p50);
        }
      }
    }
    for (const row of sweep.rows) expect(row.errors, JSON.stringify(row)).toBe(0);
    for (const t of sweep.trials) expect(t.p99Ms as number, JSON.stringify(t)).toBeGreaterThanOrEqual(t.p50Ms as number);
    const top = levels.at(-1)!;
    expect(value('async', 'io', top, 'requestsPerSec')).toBeGreaterThan(value('sync', 'io', top, 'requestsPerSec'));

    const memory = read('sync-vs-async/memory');
    expectTrials(memory, 2 + (memory.params.inflight as number[]).length, 'perUnitKB');
    const perUnit = (model: string) => memory.rows.find((x) => x.model === model && x.basis === 'RSS')!.perUnitKB as number;
    expect(perUnit('sync-worker')).toBeGreaterThan(perUnit('async-request'));
    expect(perUnit('async-request')).toBeGreaterThan(0);

    const switches = read('sync-vs-async/context-switch');
    expect(new Set(switches.rows.map((x) => x.switch))).toEqual(new Set(['threads', 'processes', 'immediate', 'promises']));
    expectTrials(switches, 4, 'nsPerSwitch');
    for (const row of switches.rows) expect(row.nsPerSwitch as number).toBeGreaterThan(0);
    for (const t of switches.trials) expect(t.nsPerSwitch as number).toBeGreaterThan(0);

    expect(leftovers()).toEqual([]);
  }, 200_000);
});
