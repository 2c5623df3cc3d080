// The fixed-arrival-rate cell as CI runs it (quick preset, through the CLI): on each route every
// deployment is offered every rate, the same absolute rates for all, rising with the load; every
// request a run sent is accounted for (sent = completed + unfinished + errors, in each trial and in
// the rows' totals); each row is a median inside its 95 % interval, on as many trials as the preset
// asked; and afterwards neither a server nor the generator process is left running.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { runBench } from '../helpers/bench.ts';
import { ResultsFile, type RowData } from '../../core/protocol.ts';
import { hiField, loField } from '../../core/trials.ts';

describe('sync-vs-async/fixed-rate, quick preset through the CLI', () => {
  let box: Sandbox;
  beforeAll(() => {
    box = makeSandbox();
  });
  afterAll(() => box.remove());
  const leftovers = () =>
    spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' })
      .stdout.split('\n')
      .filter((l) => l.includes(box.dir) && /deployments|fixed-rate-generator/.test(l));
  const accounted = (r: RowData) => (r.completed as number) + (r.unfinished as number) + (r.errors as number);

  it('offers the same rising rates to every deployment, accounts for every request, and leaves nothing behind', async () => {
    const r = await runBench(box.dir, ['sync-vs-async/fixed-rate', '--quick', '--replace'], {}, 150_000);
    expect(r.status, r.stderr).toBe(0);
    const results = ResultsFile.parse(JSON.parse(readFileSync(join(box.dir, 'public/results/sync-vs-async/fixed-rate.json'), 'utf8')));
    expect(results.provenance.loadGenerator).toMatch(/^loadtest \d+\.\d+/);

    const deployments = results.params.deployments as string[];
    const loads = { io: results.params.ioLoadPct as number[], cpu: results.params.cpuLoadPct as number[] };
    const variants = deployments.length * (loads.io.length + loads.cpu.length);
    const n = results.params.trials as number;
    expect(n).toBeGreaterThanOrEqual(2);
    expect(loads.io.length).toBeGreaterThan(0);
    expect(results.rows).toHaveLength(variants * 3);
    expect(results.trials).toHaveLength(variants * n);
    expect(new Set(results.trials.map((t) => t.trial))).toEqual(new Set(Array.from({ length: n }, (_, i) => i)));

    for (const row of results.rows) {
      const where = JSON.stringify(row);
      expect(['p50', 'p99', 'p99-wire'], where).toContain(row.metric);
      expect(deployments, where).toContain(row.deployment);
      expect(row.trials, where).toBe(n);
      expect(row.value as number, where).toBeGreaterThan(0);
      expect(row[loField('value')] as number, where).toBeLessThanOrEqual(row.value as number);
      expect(row.value as number, where).toBeLessThanOrEqual(row[hiField('value')] as number);
      expect(row.sent as number, where).toBeGreaterThan(0);
      expect(row.sent, where).toBe(accounted(row));
      expect(row.errors, where).toBe(0);
      expect(typeof row.generatorLimited, where).toBe('boolean');
      expect(row.bound, where).toBe(row.lowerBound ? 'lower' : 'exact');
    }
    for (const t of results.trials) {
      const where = JSON.stringify(t);
      expect(t.sent as number, where).toBeGreaterThanOrEqual(results.params.minRequests as number);
      expect(t.sent, where).toBe(accounted(t));
      expect(t.p99Ms as number, where).toBeGreaterThanOrEqual(t.p50Ms as number);
    }

    // On each route, one absolute rate per load, offered to every deployment, rising with the load.
    for (const [handler, pcts] of Object.entries(loads)) {
      const rateAt = pcts.map((pct) => {
        const at = results.rows.filter((x) => x.handler === handler && x.loadPct === pct);
        const rates = new Set(at.map((x) => x.offeredRps));
        expect(rates.size, `${handler} ${pct} %`).toBe(1);
        expect(at.filter((x) => x.metric === 'p50').map((x) => x.deployment)).toEqual(deployments);
        return [...rates][0] as number;
      });
      expect(rateAt).toEqual([...rateAt].sort((a, b) => a - b));
    }

    expect(leftovers()).toEqual([]);
  }, 180_000);
});
