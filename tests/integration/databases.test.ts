// The databases chapter against a real (embedded) PostgreSQL, as CI runs it: quick presets give
// valid results, the race shows and its fixes hold, and no server or data is left behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeSandbox, userEnv, type Sandbox } from '../helpers/sandbox.ts';
import { runBench } from '../helpers/bench.ts';
import { ResultsFile } from '../../runners/protocol.ts';

let box: Sandbox;
let scratch: string;
beforeAll(() => {
  box = makeSandbox();
  scratch = mkdtempSync(join(tmpdir(), 'am-scratch-'));
  chmodSync(scratch, 0o755); // PostgreSQL's own user must be able to reach its data directory
});
afterAll(() => {
  box.remove();
  rmSync(scratch, { recursive: true, force: true });
});

/** PostgreSQL server processes whose data directory is in this test's scratch folder. */
function sandboxPostgres(): string[] {
  const r = spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return r.stdout.split('\n').filter((l) => l.includes('bin/postgres') && l.includes(scratch));
}
const scratchLeft = () => readdirSync(scratch);
const read = (id: string) => ResultsFile.parse(JSON.parse(readFileSync(join(box.dir, 'public/results', `${id}.json`), 'utf8')));
const bench = (...args: string[]) => runBench(box.dir, args, { AM_SCRATCH_ROOT: scratch });

describe('databases chapter on PostgreSQL', () => {
  it('measures both drivers and records the server in provenance', async () => {
    const r = await bench('databases/drivers', '--quick', '--replace');
    expect(r.status, r.stderr).toBe(0);
    const results = read('databases/drivers');
    expect(results.provenance.database).toMatch(/^PostgreSQL \d+/);
    const drivers = new Set(results.rows.map((x) => x.driver));
    expect(drivers).toEqual(new Set(['pg (pure JavaScript)', 'pg-native (libpq, async)', 'pg-native (libpq, blocking)']));
    for (const row of results.rows) expect(row.share as number).toBeGreaterThanOrEqual(0);
    expect(sandboxPostgres()).toEqual([]);
    expect(scratchLeft()).toEqual([]);
  });

  it('shows anomalies for the naive transfer and none for the two fixes', async () => {
    const r = await bench('databases/transfer', '--quick', '--replace');
    expect(r.status, r.stderr).toBe(0);
    const rows = read('databases/transfer').rows;
    const byVariant = (prefix: string) => rows.find((x) => String(x.variant).startsWith(prefix))!;
    expect(byVariant('check, await, write').anomalies as number).toBeGreaterThan(0);
    expect(byVariant('transaction').anomalies).toBe(0);
    expect(byVariant('optimistic').anomalies).toBe(0);
    expect(byVariant('transaction').moneyCreated).toBe(0);
  });

  it('bulk-loads with every variant at every concurrency, counting rows in the table', async () => {
    const r = await bench('databases/bulk-load', '--quick', '--replace');
    expect(r.status, r.stderr).toBe(0);
    const results = read('databases/bulk-load');
    expect(results.rows).toHaveLength(16); // 4 variants × 4 concurrencies
    expect(new Set(results.rows.map((x) => x.concurrency))).toEqual(new Set([15, 50, 120, 350]));
    for (const row of results.rows) {
      expect(row.rowsPerSec as number, JSON.stringify(row)).toBeGreaterThan(0);
      expect(row.rows as number).toBeGreaterThan(0);
    }
    expect(results.reference.every((x) => x.concurrency === 120)).toBe(true);
    expect(results.reference).toHaveLength(8);
    expect(sandboxPostgres()).toEqual([]);
    expect(scratchLeft()).toEqual([]);
  }, 240_000);

  it('leaves no server or data directory after a failure or a cancel', async () => {
    writeFileSync(
      join(box.dir, 'notebooks/databases/fails-after-start.ts'),
      "import { cell, z } from '../../runners/sdk.ts';\nimport { startDatabase } from '../lib/postgres.ts';\nexport default cell({ params: z.object({}), presets: { quick: {}, full: {} }, async run({ scratchDir, log }) { await startDatabase({ scratchDir }); log('database up'); await new Promise((r) => setTimeout(r, 60_000)); throw new Error('unreachable'); } });\n",
    );
    // Cancel (Ctrl-C) while the database is up.
    const child = spawn(process.execPath, ['--import', 'tsx', 'runners/bin/bench.ts', 'databases/fails-after-start', '--quick'], { cwd: box.dir, env: userEnv({ AM_SCRATCH_ROOT: scratch }) });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    await new Promise<void>((resolve) => {
      const poll = () => (err.includes('database up') ? resolve() : setTimeout(poll, 50));
      poll();
    });
    expect(sandboxPostgres().length).toBeGreaterThan(0);
    child.kill('SIGINT');
    expect(await new Promise((r) => child.once('exit', r))).toBe(130);
    expect(sandboxPostgres()).toEqual([]);
    expect(scratchLeft()).toEqual([]);

    // A cell that throws once its database is up.
    writeFileSync(
      join(box.dir, 'notebooks/databases/fails-after-start.ts'),
      "import { cell, z } from '../../runners/sdk.ts';\nimport { startDatabase } from '../lib/postgres.ts';\nexport default cell({ params: z.object({}), presets: { quick: {}, full: {} }, async run({ scratchDir }) { await startDatabase({ scratchDir }); throw new Error('failed with the database up'); } });\n",
    );
    const failed = await bench('databases/fails-after-start', '--quick');
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain('failed with the database up');
    expect(sandboxPostgres()).toEqual([]);
    expect(scratchLeft()).toEqual([]);
  });
});
