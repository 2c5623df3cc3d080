// The Python SDK and host, run for real by the system's python3 on small fixture cells: their
// record lines pass the project's own decoder unchanged, an exception is one error record at the
// .py file and line, bad parameters are refused field by field, and interleaved() gives the rows
// the TypeScript SDK's summarizeTrials gives for the same trials.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runCell } from '../engine.ts';
import { decodeRecord } from '../channel.ts';
import { checkCellParams, describeCell } from '../describe-fs.ts';
import { findRuntime, launchOf, resolveRuntime, RuntimeMissingError, type ResolvedRuntime } from '../runtimes-fs.ts';
import { summarizeTrials } from '../../core/trials.ts';
import type { CellRecord, RowData } from '../../core/protocol.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');
const HOST = fileURLToPath(new URL('./child.py', import.meta.url));
const fixture = (name: string) => `${ROOT}/tests/fixtures/python/${name}.py`;

let python: ResolvedRuntime;
beforeAll(() => {
  const found = findRuntime(ROOT, 'cpython');
  if (!found) throw new Error('these tests need python3 (apt-get install python3)');
  python = found;
});

async function run(name: string, params?: Record<string, unknown>) {
  const records: CellRecord[] = [];
  const outcome = await runCell(
    { file: fixture(name), preset: 'quick', ...(params ? { params } : {}) },
    { cwd: ROOT, runtime: python, onRecord: (r) => records.push(r) },
  );
  return { outcome, records };
}

/** The host's raw record lines for one job, read straight off fd 3 (no engine in between). */
function rawLines(file: string): Promise<string[]> {
  const launch = launchOf(python, HOST);
  return new Promise((resolve, reject) => {
    const child = spawn(launch.command, launch.args, {
      cwd: ROOT,
      env: { ...process.env, ...launch.env },
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    const channel = child.stdio[3] as import('node:net').Socket;
    let text = '';
    channel.setEncoding('utf8').on('data', (d: string) => (text += d));
    child.once('error', reject);
    child.once('close', () => resolve(text.split('\n').filter((l) => l !== '')));
    channel.write(JSON.stringify({ file, preset: 'quick' }) + '\n');
  });
}

describe('a Python cell', () => {
  it("writes record lines the project's decoder accepts unchanged", async () => {
    const lines = await rawLines(fixture('ok'));
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) expect(decodeRecord(line)).toEqual(JSON.parse(line));
    expect(lines.map((l) => JSON.parse(l).type)).toEqual(['meta', 'log', 'row', 'progress', 'row', 'progress', 'row', 'progress', 'done']);
  });

  it('runs through the engine: meta with CPython and its version, rows, provenance in done', async () => {
    const { outcome, records } = await run('ok');
    expect(outcome.status).toBe('done');
    expect(outcome.meta).toMatchObject({ title: 'Squares', preset: 'quick', params: { n: 3 }, runtime: { name: 'cpython' } });
    expect(outcome.meta?.runtime?.version).toBe(python.self.version);
    // NaN becomes null, as JSON.stringify writes it in the TS SDK.
    expect(outcome.rows).toEqual([0, 1, 2].map((i) => ({ i, square: i * i, label: 'sq', missing: null })));
    expect(outcome.environment).toEqual({ database: 'none at all' });
    expect(records.find((r) => r.type === 'log' && r.stream === 'cell')).toMatchObject({ text: 'n is 3' });
    expect(records.some((r) => r.type === 'error')).toBe(false);
  });

  it('reports an exception as one error record at the .py file and line', async () => {
    const { outcome, records } = await run('raises');
    expect(outcome.status).toBe('error');
    expect(outcome.rows).toEqual([{ before: 1 }]);
    expect(records.filter((r) => r.type === 'error')).toHaveLength(1);
    expect(outcome.error).toMatchObject({ kind: 'exception', at: { file: fixture('raises'), line: 6 } });
    expect(outcome.error?.message).toMatch(/^ZeroDivisionError: /);
    expect(outcome.error?.stack).toContain('raises.py", line 6');
  });

  it('reports a syntax error at its line, as kind "syntax"', async () => {
    const { outcome } = await run('syntax');
    expect(outcome.error).toMatchObject({ kind: 'syntax', at: { file: fixture('syntax'), line: 3 } });
  });

  it('refuses bad parameters, naming each field, before running', async () => {
    const { outcome } = await run('ok', { n: 0, tag: 3, extra: true });
    expect(outcome.status).toBe('error');
    expect(outcome.rows).toEqual([]);
    expect(outcome.error?.kind).toBe('params');
    expect(outcome.error?.message).toMatch(/^invalid parameters \(quick preset\): /);
    expect(outcome.error?.message).toContain('n: Number must be greater than or equal to 1');
    expect(outcome.error?.message).toContain('tag: Expected string, received number');
    expect(outcome.error?.message).toContain("Unrecognized key: 'extra'");
  });

  it('runs a plain script: what it prints is its log', async () => {
    const { outcome, records } = await run('plain');
    expect(outcome.status).toBe('done');
    expect(records).toContainEqual({ type: 'log', stream: 'stdout', text: 'hello from a plain script' });
  });

  it("summarises interleaved trials into the TS SDK's fields and medians", async () => {
    const { outcome } = await run('trials');
    expect(outcome.trials).toHaveLength(10);
    expect(outcome.trials.slice(0, 2).map((t) => [t.variant, t.trial])).toEqual([
      ['a', 0],
      ['b', 0],
    ]); // interleaved: a b, a b, ...
    const ts = summarizeTrials(outcome.trials, ['variant'], ['ms', 'half']);
    expect(outcome.rows.map((r) => Object.keys(r).sort())).toEqual(ts.map((r) => Object.keys(r).sort()));
    outcome.rows.forEach((row: RowData, i) => {
      for (const m of ['ms', 'half']) {
        expect(row[m]).toBe(ts[i]![m]);
        const values = outcome.trials.filter((t) => t.variant === row.variant).map((t) => t[m] as number);
        expect(row[`${m}Lo`] as number).toBeGreaterThanOrEqual(Math.min(...values));
        expect(row[`${m}Lo`] as number).toBeLessThanOrEqual(row[m] as number);
        expect(row[`${m}Hi`] as number).toBeGreaterThanOrEqual(row[m] as number);
        expect(row[`${m}Hi`] as number).toBeLessThanOrEqual(Math.max(...values));
      }
      expect(row.trials).toBe(5);
    });
  });
});

describe('a Python cell on the page', () => {
  it('is described like a TS cell: JSON Schema and presets', async () => {
    const d = await describeCell(ROOT, fixture('ok'));
    expect(d).toEqual({
      title: 'Squares',
      schema: {
        type: 'object',
        properties: { n: { type: 'integer', minimum: 1, maximum: 50 }, tag: { type: 'string' } },
        required: ['n'],
        additionalProperties: false,
      },
      presets: { quick: { n: 3 }, full: { n: 5 } },
    });
  });

  it('has edited values checked in Python, field by field', async () => {
    expect(await checkCellParams(ROOT, fixture('ok'), 'quick', { n: 7 })).toEqual([]);
    expect(await checkCellParams(ROOT, fixture('ok'), 'full', { n: 51, tag: false })).toEqual([
      { path: 'n', message: 'Number must be less than or equal to 50' },
      { path: 'tag', message: 'Expected string, received boolean' },
    ]);
  });
});

describe('CPython missing', () => {
  const saved = process.env.AM_PYTHON;
  afterEach(() => {
    if (saved === undefined) delete process.env.AM_PYTHON;
    else process.env.AM_PYTHON = saved;
  });

  it('says "needs python3" and how to install it, and installs nothing', async () => {
    process.env.AM_PYTHON = '/nonexistent/python3';
    expect(findRuntime(ROOT, 'cpython')).toBeUndefined();
    const error = await resolveRuntime(ROOT, 'cpython').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuntimeMissingError);
    expect((error as RuntimeMissingError).message).toMatch(/^needs python3: /);
    expect((error as RuntimeMissingError).hint).toContain('apt-get install python3');
  });
});
