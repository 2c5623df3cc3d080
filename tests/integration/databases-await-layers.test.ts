// The await-layers cell against a real (embedded) PostgreSQL, as CI runs it: the quick preset
// gives a row per driver and layer count resting on its trials, each layered trial's cost per
// layer is computed against the same trial's bare queries, and no server or data is left behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { runBench } from '../helpers/bench.ts';
import { postgresScratch, type PostgresScratch } from '../helpers/postgres-scratch.ts';
import { ResultsFile } from '../../core/protocol.ts';

let box: Sandbox;
let pg: PostgresScratch;
let scratch: string;
beforeAll(() => {
  box = makeSandbox();
  pg = postgresScratch();
  scratch = pg.dir;
});
afterAll(() => {
  box.remove();
  pg.remove();
});

/** PostgreSQL server processes whose data directory is in this test's scratch folder. */
const sandboxPostgres = () => pg.servers();

describe('databases/await-layers on PostgreSQL', () => {
  it('times a round trip through 0, 10 and 30 layers for each driver, in paired trials', async () => {
    const r = await runBench(box.dir, ['databases/await-layers', '--quick', '--replace'], { AM_SCRATCH_ROOT: scratch });
    expect(r.status, r.stderr).toBe(0);
    const results = ResultsFile.parse(JSON.parse(readFileSync(join(box.dir, 'public/results/databases/await-layers.json'), 'utf8')));
    expect(results.provenance.database).toMatch(/^PostgreSQL \d+/);
    expect(results.params.trials).toBe(2);

    // One row per driver and layer count: keys, not display words.
    const keys = results.rows.map((x) => `${x.variant}/${x.layers}`).sort();
    const drivers = ['pg', 'pg-native', 'pg-native-sync'];
    expect(keys).toEqual(drivers.flatMap((d) => [0, 10, 30].map((n) => `${d}/${n}`)).sort());
    for (const row of results.rows) {
      expect(row.trials, JSON.stringify(row)).toBe(2);
      expect(row.usPerQuery as number).toBeGreaterThan(0);
      expect(row.usPerQueryLo as number).toBeLessThanOrEqual(row.usPerQuery as number);
      expect(row.usPerQuery as number).toBeLessThanOrEqual(row.usPerQueryHi as number);
      // A cost per layer only where there are layers.
      expect(typeof row.nsPerLayer === 'number', JSON.stringify(row)).toBe(row.layers !== 0);
      expect(typeof row.layerPercent === 'number', JSON.stringify(row)).toBe(row.layers !== 0);
    }

    // Trials: one per driver, layer count and trial; each layered one measured against its own trial's bare queries.
    expect(results.trials).toHaveLength(drivers.length * 3 * 2);
    const bare = (t: (typeof results.trials)[number]) =>
      results.trials.find((b) => b.variant === t.variant && b.trial === t.trial && b.layers === 0)!.usPerQuery as number;
    for (const t of results.trials.filter((x) => x.layers !== 0)) {
      const layers = t.layers as number;
      const added = (t.usPerQuery as number) - bare(t);
      expect(t.nsPerLayer as number).toBeCloseTo((added * 1000) / layers, 6);
      expect(t.layerPercent as number).toBeCloseTo((100 * added) / layers / bare(t), 6);
    }
    expect(sandboxPostgres()).toEqual([]);
    expect(readdirSync(scratch)).toEqual([]);
  }, 120_000);
});
