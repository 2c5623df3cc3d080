// `npm run bench` as a user runs it, in a copy of the project.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSandbox, ROOT, userEnv, type Sandbox } from '../helpers/sandbox.ts';
import { runBench } from '../helpers/bench.ts';
import { ResultsFile } from '../../core/protocol.ts';
import { isListening, isRunning } from '../helpers/process.ts';

let box: Sandbox;
beforeAll(() => (box = makeSandbox()));
afterAll(() => box.remove());

async function bench(...args: string[]) {
  const r = await runBench(box.dir, args);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const read = (id: string) => ResultsFile.parse(JSON.parse(readFileSync(join(box.dir, 'public/results', `${id}.json`), 'utf8')));

describe('bench CLI', () => {
  it('keeps stored full results on --quick unless --replace is given, and says so', async () => {
    mkdirSync(join(box.dir, 'notebooks/tiny'), { recursive: true });
    writeFileSync(
      join(box.dir, 'notebooks/tiny/ok.ts'),
      readFileSync(join(ROOT, 'tests/fixtures/cells/ok.ts'), 'utf8').replaceAll('../../../runners/', '../../runners/'),
    );
    expect((await bench('tiny/ok')).code).toBe(0); // full
    const stored = join(box.dir, 'public/results/tiny/ok.json');
    const full = readFileSync(stored, 'utf8');
    const kept = await bench('tiny/ok', '--quick');
    expect(kept.code, kept.stderr).toBe(0);
    expect(kept.stderr).toMatch(/✓ tiny\/ok · 3 rows · .* · kept in history: the stored full results stay \(--replace replaces them\)/);
    expect(kept.stdout).toMatch(/tiny\/ok\s+ok\s+3\s+.*kept in history: the stored full results stay \(--replace replaces them\)/);
    expect(readFileSync(stored, 'utf8')).toBe(full);
    const history = readdirSync(join(box.dir, '.runs/history/tiny/ok')).map(
      (f) => JSON.parse(readFileSync(join(box.dir, '.runs/history/tiny/ok', f), 'utf8')).preset,
    );
    expect(history).toContain('quick');
    const replaced = await bench('tiny/ok', '--quick', '--replace');
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(replaced.stderr).toMatch(/✓ tiny\/ok · 3 rows · .* → public\/results\/tiny\/ok.json/);
    expect(read('tiny/ok').preset).toBe('quick');
    expect((await bench('--help')).stdout).toMatch(/--replace\s+let quick results replace stored full results/);
  });

  it("runs with --param as an experiment: checked by the cell's schema first, kept in the history, never stored", async () => {
    mkdirSync(join(box.dir, 'notebooks/tiny'), { recursive: true });
    writeFileSync(
      join(box.dir, 'notebooks/tiny/ok.ts'),
      readFileSync(join(ROOT, 'tests/fixtures/cells/ok.ts'), 'utf8').replaceAll('../../../runners/', '../../runners/'),
    );
    const stored = join(box.dir, 'public/results/tiny/ok.json');
    if ((await bench('tiny/ok', '--quick', '--replace')).code !== 0) throw new Error('tiny/ok did not run');
    const before = readFileSync(stored, 'utf8');
    const historyDir = join(box.dir, '.runs/history/tiny/ok');
    const entries = () => (existsSync(historyDir) ? readdirSync(historyDir).sort() : []);
    const kept = entries();

    // Refused before anything runs: an unknown key, a value the schema refuses, --replace.
    const unknown = await bench('tiny/ok', '--quick', '--param', 'm=2');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^bench: tiny\/ok has no parameter "m"\n {2}hint: its parameters: n \(an integer > 0\)\n$/);
    const bad = await bench('tiny/ok', '--quick', '--param', 'n=0');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(
      /^bench: tiny\/ok: --param refused by the cell's parameters: n \(given 0\): .*; it expects an integer > 0\n/,
    );
    const text = await bench('tiny/ok', '--param', 'n=two');
    expect(text.stderr).toMatch(/n \(given "two"\): Expected number, received string/);
    const replace = await bench('tiny/ok', '--quick', '--param', 'n=2', '--replace');
    expect(replace.code).toBe(1);
    expect(replace.stderr).toMatch(/--param and --replace do not go together/);
    expect((await bench('tiny/ok', '--param', 'n')).stderr).toMatch(/--param "n" is not key=value/);
    for (const r of [unknown, bad, text, replace]) expect(r.stderr).not.toMatch(/Running/);
    expect(readFileSync(stored, 'utf8')).toBe(before);
    expect(entries()).toEqual(kept);

    // Run: the stored results stay; the history keeps the run, with its parameters and origin.
    const run = await bench('tiny/ok', '--quick', '--param', 'n=2');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/with the quick preset and n=2 \(an experiment: kept in the history\)/);
    expect(run.stderr).toMatch(/✓ tiny\/ok · 2 rows · /);
    expect(run.stdout).toMatch(/tiny\/ok\s+ok\s+2\s+.*not saved: an experiment \(edited params\): kept in the runner's history/);
    expect(readFileSync(stored, 'utf8')).toBe(before);
    const added = entries().filter((f) => !kept.includes(f));
    expect(added).toHaveLength(1);
    const experiment = ResultsFile.parse(JSON.parse(readFileSync(join(historyDir, added[0]!), 'utf8')));
    expect(experiment).toMatchObject({ preset: 'custom', origin: 'edited-params', params: { n: 2 } });
    expect(experiment.rows).toHaveLength(2);
    expect((await bench('--help')).stdout).toMatch(/--param\s+set one of the cells' parameters over the preset's/);
  });

  it('measures the generator-overhead chapter with --quick: a generator call costs more than a plain call', async () => {
    // --replace: the sandbox holds the committed full results, and this test wants quick ones.
    const { code, stdout, stderr } = await bench('generator-overhead', '--quick', '--replace');
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/generator-overhead\/calls\s+ok/);
    expect(stdout).toMatch(/generator-overhead\/yield-from\s+ok/); // Bayer's own code, on CPython
    expect(stdout).toMatch(/3 ok, 0 failed/);
    const calls = read('generator-overhead/calls');
    expect(calls.preset).toBe('quick');
    expect(calls.provenance.runtimeVersion).toBe(process.versions.node);
    expect(calls.hash.inputs).toEqual(
      expect.arrayContaining(['notebooks/generator-overhead/calls.ts', 'notebooks/lib/essay-figures.ts', 'runners/sdk.ts']),
    );
    const ns = (v: string) => calls.rows.find((r) => r.variant === v)!.nsPerCall as number;
    expect(ns('generator-next')).toBeGreaterThan(ns('plain'));
    expect(ns('async-await')).toBeGreaterThan(ns('plain'));
    expect(calls.reference.find((r) => r.variant === 'yield-from')!.ratio).toBeCloseTo(12.5276 / 2.1105, 2);
    const io = read('generator-overhead/next-to-io');
    const op = (o: string) => io.rows.find((r) => r.operation === o)!.nsPerOp as number;
    expect(op('tcp-round-trip')).toBeGreaterThan(op('await'));
    // Quick: two trial processes, each timing every case once; rows carry median, interval and count.
    expect(calls.trials).toHaveLength(2 * 6);
    expect(io.trials).toHaveLength(2 * 4);
    for (const r of [...calls.rows, ...io.rows]) expect(r.trials).toBe(2);
    expect(Object.keys(calls.rows[0]!)).toEqual(expect.arrayContaining(['nsPerCallLo', 'nsPerCallHi', 'ratioLo', 'ratioHi']));
    expect(Object.keys(io.rows[0]!)).toEqual(expect.arrayContaining(['nsPerOpLo', 'nsPerOpHi']));
  });

  it('marks results stale when a module the cell imports changes', async () => {
    expect((await bench('--list')).stdout).toMatch(/generator-overhead\/calls\s+node20\s+measured/);
    appendFileSync(join(box.dir, 'notebooks/lib/essay-figures.ts'), '\n// changed\n');
    const stale = (await bench('--list')).stdout;
    expect(stale).toMatch(/generator-overhead\/calls\s+node20\s+stale\s+\S+ \S+ \(quick\)\s+\d/); // with its run's time
    expect(stale).toMatch(/^Measuring the \d+ listed with results took .+; the \d+ stale: about .+\.$/m);
    // --stale runs what is stale and nothing else: tiny/ok's results still match its code.
    const fresh = await bench('--stale', 'tiny/ok');
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(fresh.stderr).toMatch(/^Nothing is stale/m);
    const rerun = await bench('--stale', '--quick', '--dry-run', 'tiny/ok', 'generator-overhead/calls');
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).toMatch(/Running 1 stale cell with the quick preset/);
    expect(rerun.stdout).toMatch(/generator-overhead\/calls\s+ok/);
    expect(rerun.stdout).not.toMatch(/tiny\/ok/);
  });

  it('exits 1 on a failing cell and keeps its stored results', async () => {
    mkdirSync(join(box.dir, 'notebooks/broken'), { recursive: true });
    writeFileSync(join(box.dir, 'notebooks/broken/fails.ts'), "throw new Error('broken on purpose');\n");
    mkdirSync(join(box.dir, 'public/results/broken'), { recursive: true });
    const stored = readFileSync(join(box.dir, 'public/results/generator-overhead/calls.json'), 'utf8').replace(
      /generator-overhead\/calls/g,
      'broken/fails',
    );
    writeFileSync(join(box.dir, 'public/results/broken/fails.json'), stored);
    const { code, stdout, stderr } = await bench('broken/fails', '--quick');
    expect(code).toBe(1);
    expect(stderr).toMatch(/broken on purpose \(notebooks\/broken\/fails.ts:1\)/);
    expect(stdout).toMatch(/0 ok, 1 failed/);
    expect(readFileSync(join(box.dir, 'public/results/broken/fails.json'), 'utf8')).toBe(stored);
  });

  it('Ctrl-C cancels the running cell and ends what it started', async () => {
    const fixture = readFileSync(join(ROOT, 'tests/fixtures/cells/leaves-server.ts'), 'utf8')
      .replaceAll('../../../runners/', '../../runners/')
      .replace('quick: { hang: false }', 'quick: { hang: true }');
    writeFileSync(join(box.dir, 'notebooks/broken/hangs.ts'), fixture);
    const child = spawn(process.execPath, ['--import', 'tsx', 'runners/bin/bench.ts', 'broken/hangs', '--quick'], {
      cwd: box.dir,
      env: userEnv(),
    });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const server = await new Promise<{ pid: number; port: number }>((resolve) => {
      const check = () => {
        const m = /server pid (\d+) port (\d+)/.exec(err);
        if (m) resolve({ pid: Number(m[1]), port: Number(m[2]) });
        else setTimeout(check, 50);
      };
      check();
    });
    expect(await isListening(server.port)).toBe(true);
    child.kill('SIGINT');
    const code = await new Promise((r) => child.once('exit', r));
    expect(code).toBe(130);
    expect(err).toMatch(/Cancelling/);
    expect(out).toMatch(/broken\/hangs\s+cancelled/);
    await new Promise((r) => setTimeout(r, 500));
    expect(isRunning(server.pid)).toBe(false);
    expect(await isListening(server.port)).toBe(false);
  });

  it('calls a Ctrl-C a cancel even when the stopped cell reports an error of its own first', async () => {
    mkdirSync(join(box.dir, 'notebooks/broken'), { recursive: true });
    writeFileSync(
      join(box.dir, 'notebooks/broken/dying.ts'),
      readFileSync(join(ROOT, 'tests/fixtures/cells/dying-words.ts'), 'utf8').replaceAll('../../../runners/', '../../runners/'),
    );
    const child = spawn(process.execPath, ['--import', 'tsx', 'runners/bin/bench.ts', 'broken/dying', '--quick'], {
      cwd: box.dir,
      env: userEnv(),
    });
    let err = '';
    let out = '';
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => (out += d));
    await new Promise<void>((resolve) => child.stderr.on('data', () => /waiting to be stopped/.test(err) && resolve()));
    child.kill('SIGINT');
    expect(await new Promise((r) => child.once('exit', r))).toBe(130);
    expect(err).toMatch(/✗ broken\/dying · cancelled\n/);
    expect(err).not.toMatch(/✗ broken\/dying · exception/);
    expect(out).toMatch(/broken\/dying\s+cancelled\s+1\s+.*stored results kept/);
  });

  it('explains an unknown target and a corrupt results file', async () => {
    const unknown = await bench('no-such-chapter');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/unknown target "no-such-chapter".*\n.*hint: chapters: .*generator-overhead/);
    writeFileSync(join(box.dir, 'public/results/generator-overhead/calls.json'), '{ torn');
    const list = await bench('--list', 'generator-overhead');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/generator-overhead\/calls\s+node20\s+INVALID/);
    expect(list.stderr).toMatch(/public\/results\/generator-overhead\/calls.json is not a valid results file/);
  });
});
