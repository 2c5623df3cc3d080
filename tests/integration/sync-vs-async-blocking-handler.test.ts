// The blocking-handler cell as CI runs it: each deployment answers the light route and both kinds
// of hog and stops completely; the quick preset measures every deployment with no hogs, with hogs
// that compute and with hogs that block, stores every trial, and sends every hog it scheduled;
// hogs that compute raise the single loop's p99 above its own no-hog p99 (each one stalls every
// light request in flight, so this direction does not depend on the machine); afterwards nothing
// the cell started is running.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ResultsFile } from '../../core/protocol.ts';
import { hiField, loField } from '../../core/trials.ts';
import { startHogServer } from '../../notebooks/sync-vs-async/lib/hog-server.ts';
import { hogOffsets } from '../../notebooks/sync-vs-async/lib/hog-stats.ts';
import { runBench } from '../helpers/bench.ts';
import { isRunning } from '../helpers/process.ts';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';

describe('each deployment answers the light route and both hogs', () => {
  it.each(['sync', 'async', 'hybrid'] as const)('%s', async (deployment) => {
    const server = await startHogServer({ deployment, fastMs: 1, hogMs: 5, hogIterations: 10_000, workers: 2 });
    try {
      for (const path of ['fast', 'hog?kind=cpu', 'hog?kind=block']) {
        const res = await fetch(`${server.url}${path}`);
        expect(res.status, path).toBe(200);
        expect(await res.text()).toMatch(/^ok/);
      }
      expect((await fetch(`${server.url}hog?kind=other`)).status).toBe(400);
      expect(server.workerPids.length).toBe(deployment === 'async' ? 1 : 2);
    } finally {
      await server.stop();
    }
    expect(server.pids.filter(isRunning)).toEqual([]);
  });
});

describe('sync-vs-async/blocking-handler, quick preset through the CLI', () => {
  let box: Sandbox;
  beforeAll(() => {
    box = makeSandbox();
  });
  afterAll(() => box.remove());

  it('measures every deployment and kind of hog, and leaves nothing behind', async () => {
    const r = await runBench(box.dir, ['sync-vs-async/blocking-handler', '--quick', '--replace'], {}, 170_000);
    expect(r.status, r.stderr).toBe(0);
    const results = ResultsFile.parse(
      JSON.parse(readFileSync(join(box.dir, 'public/results/sync-vs-async/blocking-handler.json'), 'utf8')),
    );
    const n = results.params.trials as number;
    expect(n).toBeGreaterThanOrEqual(2);
    expect(results.provenance.loadGenerator).toMatch(/ceiling \d+ req\/s/);

    // One row per deployment and kind, each resting on all n trials, medians inside their intervals.
    const keys = results.rows.map((x) => `${x.deployment} ${x.kind}`).sort();
    expect(keys).toEqual([
      'async block',
      'async cpu',
      'async none',
      'hybrid block',
      'hybrid cpu',
      'hybrid none',
      'sync block',
      'sync cpu',
      'sync none',
    ]);
    expect(results.trials).toHaveLength(9 * n);
    expect(new Set(results.trials.map((t) => t.trial))).toEqual(new Set(Array.from({ length: n }, (_, i) => i)));
    const hogsPerTrial = hogOffsets(results.params.windowMs as number, results.params.hogEveryMs as number).length;
    expect(hogsPerTrial).toBeGreaterThan(0);
    for (const row of results.rows) {
      const where = JSON.stringify(row);
      expect(row.trials, where).toBe(n);
      for (const m of ['requestsPerSec', 'p50Ms', 'p99Ms', 'meanMs', 'p99Growth', 'rateKept']) {
        expect(row[loField(m)] as number, `${m} ${where}`).toBeLessThanOrEqual(row[m] as number);
        expect(row[m] as number, `${m} ${where}`).toBeLessThanOrEqual(row[hiField(m)] as number);
      }
      expect(row.requestsPerSec as number, where).toBeGreaterThan(0);
      expect(row.errors, where).toBe(0);
      expect(typeof row.generatorLimited, where).toBe('boolean');
      // Every hog scheduled was sent and answered; the baseline sends none and is its own baseline.
      expect(row.hogs, where).toBe(row.kind === 'none' ? 0 : hogsPerTrial * n);
      expect(row.hogsAnswered, where).toBe(row.hogs);
      if (row.kind === 'none') expect([row.p99Growth, row.rateKept], where).toEqual([1, 1]);
    }
    for (const t of results.trials) expect(t.p99Ms as number, JSON.stringify(t)).toBeGreaterThanOrEqual(t.p50Ms as number);

    const p99 = (deployment: string, kind: string) =>
      results.rows.find((x) => x.deployment === deployment && x.kind === kind)!.p99Ms as number;
    expect(p99('async', 'cpu')).toBeGreaterThan(p99('async', 'none'));

    const leftovers = spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' })
      .stdout.split('\n')
      .filter((l) => l.includes(box.dir) && /hog-server|hog-load/.test(l));
    expect(leftovers).toEqual([]);
  }, 200_000);
});
