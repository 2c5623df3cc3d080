// Cells on another runtime than the running Node, for real: Bun's record channel (plain fd I/O,
// since its net.Socket on fd 3 never delivers the job), and the runtime each child reports.
// Bun is installed into the project's runtime cache if it is not there yet; the tests skip, saying
// why, only when the npm registry cannot be reached.
import { beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runCell, type Limits } from '../../runners/engine.ts';
import { resolveRuntime, RuntimeMissingError, type ResolvedRuntime } from '../../runners/runtimes-fs.ts';
import { isRunning } from '../helpers/process.ts';
import type { CellRecord } from '../../core/protocol.ts';

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
