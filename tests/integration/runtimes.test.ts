// Cells on another runtime than the running Node, for real: Bun's record channel (plain fd I/O,
// since its net.Socket on fd 3 never delivers the job), and the runtime each child reports.
// Bun is installed into the project's runtime cache if it is not there yet; the tests skip, saying
// why, only when the npm registry cannot be reached.
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runCell, type Limits } from '../../runners/engine.ts';
import { resolveRuntime, RuntimeMissingError, type ResolvedRuntime } from '../../runners/runtimes-fs.ts';
import { isRunning } from '../helpers/process.ts';
import { ResultsFile, type CellRecord } from '../../core/protocol.ts';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { runBench } from '../helpers/bench.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');
const fixture = (name: string) => `${ROOT}/tests/fixtures/cells/${name}.ts`;

let bun: ResolvedRuntime | undefined;
let unavailable = '';

beforeAll(async () => {
  try {
    bun = await resolveRuntime(ROOT, 'bun', { onProgress: (t) => process.stderr.write(`${t}\n`) });
  } catch (error) {
    const offline =
      error instanceof RuntimeMissingError && /request to .* failed|ENOTFOUND|ECONNREFUSED|EAI_AGAIN|ETIMEDOUT/.test(error.message);
    if (!offline) throw error;
    unavailable = `Bun is not installed and the npm registry cannot be reached: ${error.message}`;
  }
}, 120_000);

function needBun(ctx: TestContext): ResolvedRuntime {
  if (!bun) ctx.skip(unavailable);
  return bun!;
}

async function run(runtime: ResolvedRuntime, name: string, limits?: Partial<Limits>) {
  const records: CellRecord[] = [];
  const outcome = await runCell({ file: fixture(name), preset: 'quick' }, { cwd: ROOT, runtime, onRecord: (r) => records.push(r), limits });
  return { outcome, records };
}

describe('a cell on Bun', () => {
  it('gets its job and sends its records over the channel, saying it runs on Bun', async (ctx) => {
    const { outcome, records } = await run(needBun(ctx), 'ok');
    expect(outcome.status).toBe('done');
    expect(outcome.rows).toEqual([
      { i: 0, square: 0 },
      { i: 1, square: 1 },
      { i: 2, square: 4 },
    ]);
    expect(records.map((r) => r.type)).toEqual(['meta', 'log', 'row', 'progress', 'row', 'progress', 'row', 'progress', 'done']);
    expect(outcome.meta?.runtime).toEqual({ name: 'bun', version: bun!.self.version });
  });

  it('keeps the end of a run that floods the channel (writes wait for the runner to read)', async (ctx) => {
    const { outcome, records } = await run(needBun(ctx), 'big-rows', { recordBytes: 4 << 20 });
    expect(outcome.status).toBe('done');
    expect(records.some((r) => r.type === 'truncated' && r.stream === 'records')).toBe(true);
    expect(records.at(-1)?.type).toBe('done');
  });

  it('ends a plain script when it has nothing left to do', async (ctx) => {
    const { outcome, records } = await run(needBun(ctx), 'plain');
    expect(outcome.status).toBe('done');
    expect(records.filter((r) => r.type === 'log').map((r) => (r as { text: string }).text)).toContain('later');
  });

  it('reports an unhandled rejection of a plain script at its file and line', async (ctx) => {
    const { outcome } = await run(needBun(ctx), 'rejection');
    expect(outcome.status).toBe('error');
    expect(outcome.error).toMatchObject({ kind: 'exception', message: 'nobody caught this', at: { file: fixture('rejection'), line: 3 } });
  });

  it('ends itself when the runner is killed (the channel has no reader there: it notices its new parent)', async (ctx) => {
    needBun(ctx);
    // A runner of its own, started the way the engine starts cells, then killed outright.
    const runner = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `import { startCellProcess } from ${JSON.stringify(`${ROOT}/runners/engine.ts`)};
         import { resolveRuntime } from ${JSON.stringify(`${ROOT}/runners/runtimes-fs.ts`)};
         const p = startCellProcess(${JSON.stringify(ROOT)}, await resolveRuntime(${JSON.stringify(ROOT)}, 'bun', { install: false }));
         p.child.stdio[3].on('data', (d) => String(d).includes('"row"') && console.log(p.child.pid));
         p.child.stdio[3].write(JSON.stringify({ file: ${JSON.stringify(fixture('dying-words'))}, preset: 'quick' }) + '\\n');`,
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const pid = await new Promise<number>((resolve) => runner.stdout.once('data', (d) => resolve(Number(String(d).trim()))));
    expect(isRunning(pid)).toBe(true);
    runner.kill('SIGKILL');
    for (let i = 0; i < 100 && isRunning(pid); i++) await new Promise((r) => setTimeout(r, 50));
    expect(isRunning(pid)).toBe(false);
  });
});

describe('results are kept per runtime (the bench CLI, in a copy of the project)', () => {
  let box: Sandbox;
  // The sandbox shares the project's runtime cache, so Bun is not installed twice.
  const env = { AM_RUNTIMES_DIR: join(ROOT, '.runtimes') };
  const file = (rel: string) => join(box.dir, 'public/results', rel);
  const read = (rel: string) => ResultsFile.parse(JSON.parse(readFileSync(file(rel), 'utf8')));

  beforeAll(() => {
    box = makeSandbox();
    mkdirSync(join(box.dir, 'notebooks/tiny'), { recursive: true });
    const source = readFileSync(fixture('ok'), 'utf8').replaceAll('../../../runners/', '../../runners/');
    writeFileSync(join(box.dir, 'notebooks/tiny/ok.ts'), source);
  });
  afterAll(() => box?.remove());

  it("writes Node 20's results where they always were and Bun's beside them; neither overwrites the other", async (ctx) => {
    needBun(ctx);
    const node = await runBench(box.dir, ['tiny/ok', '--quick'], env);
    expect(node.status, node.stderr).toBe(0);
    const onBun = await runBench(box.dir, ['--runtime', 'bun', 'tiny/ok', '--quick'], env);
    expect(onBun.status, onBun.stderr).toBe(0);
    expect(onBun.stderr).toMatch(/✓ tiny\/ok \(bun\) · 3 rows · .* → public\/results\/tiny\/ok\/bun\.json/);

    expect(read('tiny/ok.json').provenance).toMatchObject({ runtime: 'node', runtimeVersion: process.versions.node });
    const bunResults = read('tiny/ok/bun.json');
    expect(bunResults.provenance).toMatchObject({ runtime: 'bun', runtimeVersion: bun!.self.version });
    expect(bunResults.hash.runtime).toBe(`bun ${bun!.self.version}`);
    expect(bunResults.hash.value).not.toBe(read('tiny/ok.json').hash.value); // the runtime is part of the hash

    const bunText = readFileSync(file('tiny/ok/bun.json'), 'utf8');
    const again = await runBench(box.dir, ['tiny/ok', '--quick', '--replace'], env);
    expect(again.status, again.stderr).toBe(0);
    expect(readFileSync(file('tiny/ok/bun.json'), 'utf8')).toBe(bunText);

    const list = await runBench(box.dir, ['--list', 'tiny'], env);
    expect(list.stdout).toMatch(/tiny\/ok\s+node20\s+measured/);
    expect(list.stdout).toMatch(/tiny\/ok\s+bun\s+measured/);
  });

  it('skips, with its reason and exit 0, a cell that says it cannot run on the runtime', async () => {
    writeFileSync(
      join(box.dir, 'notebooks/tiny/runtimes.json'),
      JSON.stringify({ ok: { cannotRunOn: { deno: 'it needs an API Deno lacks' } } }),
    );
    try {
      const r = await runBench(box.dir, ['--runtime', 'deno', 'tiny/ok', '--quick'], env);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toContain('– tiny/ok (deno) · skipped: it cannot run on Deno: it needs an API Deno lacks');
      expect(r.stdout).toMatch(/0 ok, 0 failed, 1 skipped/);
      expect(existsSync(file('tiny/ok/deno.json'))).toBe(false);
    } finally {
      rmSync(join(box.dir, 'notebooks/tiny/runtimes.json'));
    }
  });

  it('says "needs X" with how to install it when the runtime is missing and cannot be installed, and keeps stored results', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'am-no-runtimes-'));
    try {
      const stored = existsSync(file('tiny/ok/bun.json')) ? readFileSync(file('tiny/ok/bun.json'), 'utf8') : undefined;
      const offline = { AM_RUNTIMES_DIR: empty, npm_config_registry: 'http://127.0.0.1:9/', npm_config_cache: join(empty, 'npm') };
      const r = await runBench(box.dir, ['--runtime', 'bun', 'tiny/ok', '--quick'], offline);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('installing bun from npm');
      expect(r.stderr).toMatch(/✗ tiny\/ok \(bun\) · spawn: needs bun: it is not installed, and installing it failed: .*ECONNREFUSED/);
      expect(r.stderr).toContain('install it with `npm run runtimes -- install bun`');
      expect(r.stderr).toContain('stored results were left as they were');
      expect(stored === undefined ? existsSync(file('tiny/ok/bun.json')) : readFileSync(file('tiny/ok/bun.json'), 'utf8')).toEqual(
        stored ?? false,
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
