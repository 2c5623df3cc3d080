// The engine against cells that misbehave in every way a user's cell can: each ends as one
// clear error (or a capped log), the runner goes on, and nothing the run started stays alive.
import { describe, expect, it } from 'vitest';
import { isListening as listening, isRunning as alive } from '../helpers/process.ts';
import { fileURLToPath } from 'node:url';
import { runCell, type Limits } from '../../runners/engine.ts';
import type { CellRecord } from '../../core/protocol.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');
const fixture = (name: string) => `${ROOT}/tests/fixtures/cells/${name}.ts`;

async function run(name: string, opts: { limits?: Partial<Limits>; signal?: AbortSignal; params?: Record<string, unknown> } = {}) {
  const records: CellRecord[] = [];
  const outcome = await runCell(
    { file: fixture(name), preset: 'quick', ...(opts.params ? { params: opts.params } : {}) },
    { cwd: ROOT, onRecord: (r) => records.push(r), limits: opts.limits, signal: opts.signal },
  );
  const errors = records.filter((r) => r.type === 'error');
  return { outcome, records, errors };
}

describe('engine', () => {
  it('streams rows, logs and progress of an SDK cell, then done', async () => {
    const { outcome, records, errors } = await run('ok');
    expect(outcome.status).toBe('done');
    expect(outcome.rows).toEqual([
      { i: 0, square: 0 },
      { i: 1, square: 1 },
      { i: 2, square: 4 },
    ]);
    expect(records.map((r) => r.type)).toEqual(['meta', 'log', 'row', 'progress', 'row', 'progress', 'row', 'progress', 'done']);
    expect(errors).toEqual([]);
  });

  it('runs a plain script and turns its output into log lines', async () => {
    const { outcome, records } = await run('plain');
    expect(outcome.status).toBe('done');
    const logs = records.filter((r) => r.type === 'log').map((r) => r as { stream: string; text: string });
    expect(logs).toEqual(
      expect.arrayContaining([
        { type: 'log', stream: 'stdout', text: 'hello from a plain script' },
        { type: 'log', stream: 'stderr', text: 'and from stderr' },
        { type: 'log', stream: 'stdout', text: 'later' },
      ]),
    );
  });

  it('reports an exception once, at the cell file and line', async () => {
    const { outcome, errors } = await run('crash');
    expect(outcome.status).toBe('error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ kind: 'exception', message: 'the cell crashed on purpose', at: { file: fixture('crash'), line: 7 } });
  });

  it('reports a syntax error at its line', async () => {
    const { errors } = await run('syntax');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ kind: 'syntax', at: { file: fixture('syntax'), line: 2 } });
  });

  it('reports an unhandled rejection', async () => {
    const { errors } = await run('rejection');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ kind: 'exception', message: 'nobody caught this', at: { line: 3 } });
  });

  it('reports a non-zero exit and death by a signal', async () => {
    expect((await run('exit-code')).errors).toEqual([
      expect.objectContaining({ kind: 'exit', message: expect.stringContaining('code 3') }),
    ]);
    expect((await run('signal')).errors).toEqual([
      expect.objectContaining({ kind: 'signal', message: expect.stringContaining('SIGKILL') }),
    ]);
  });

  it('reports a malformed record line', async () => {
    const { outcome, errors } = await run('malformed');
    expect(outcome.status).toBe('error');
    expect(errors[0]).toMatchObject({ kind: 'protocol', message: expect.stringContaining('this is not a record') });
  });

  it('refuses parameters that fail the schema, saying which', async () => {
    const { errors } = await run('params', { params: { n: -5 } });
    expect(errors).toEqual([
      expect.objectContaining({ kind: 'params', message: expect.stringContaining('n: Number must be greater than 0') }),
    ]);
  });

  it('stops a cell that never ends at its timeout', async () => {
    const t = performance.now();
    const { outcome, errors } = await run('loop', { limits: { timeoutMs: 1500, killGraceMs: 300 } });
    expect(outcome.status).toBe('error');
    expect(errors).toEqual([expect.objectContaining({ kind: 'timeout' })]);
    expect(performance.now() - t).toBeLessThan(10_000);
  });

  it('cancels a running cell', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 800);
    const { outcome, errors } = await run('loop', { signal: controller.signal, limits: { killGraceMs: 300 } });
    expect(outcome.status).toBe('cancelled');
    expect(errors).toEqual([expect.objectContaining({ kind: 'cancelled' })]);
  });

  it('calls a cancel a cancel, whatever the dying cell says on its way out', async () => {
    const controller = new AbortController();
    const records: CellRecord[] = [];
    const outcome = await runCell(
      { file: fixture('fails-on-stop'), preset: 'quick' },
      {
        cwd: ROOT,
        signal: controller.signal,
        limits: { killGraceMs: 3000 },
        onRecord: (r) => (records.push(r), r.type === 'row' && controller.abort()),
      },
    );
    expect(outcome.status).toBe('cancelled');
    expect(outcome.error).toMatchObject({ kind: 'cancelled' });
    expect(records.filter((r) => r.type === 'error')).toEqual([expect.objectContaining({ kind: 'cancelled' })]);
    expect(records).toContainEqual(expect.objectContaining({ type: 'log', text: expect.stringContaining('terminating connection') }));
  });

  it('keeps the end of a run that floods the record channel', async () => {
    const { outcome, records } = await run('big-rows', { params: { rows: 60 }, limits: { recordBytes: 2 << 20 } });
    expect(outcome.status).toBe('done');
    expect(outcome.rows.length).toBeLessThan(60);
    expect(records).toContainEqual({ type: 'truncated', stream: 'records' });
    expect(records.at(-1)).toMatchObject({ type: 'done' });
  });

  it('caps a flood of output and says it was truncated', async () => {
    const { outcome, records } = await run('flood', { limits: { outputBytes: 64 * 1024 } });
    expect(outcome.status).toBe('done');
    const logBytes = records.filter((r) => r.type === 'log').reduce((n, r) => n + (r as { text: string }).text.length + 1, 0);
    expect(logBytes).toBeLessThanOrEqual(64 * 1024);
    expect(records).toContainEqual({ type: 'truncated', stream: 'stdout' });
  });

  it('ends a server the cell started when the run is cancelled', async () => {
    const controller = new AbortController();
    const rows: Array<{ pid: number; port: number }> = [];
    const outcome = await runCell(
      { file: fixture('leaves-server'), preset: 'quick', params: { hang: true } },
      {
        cwd: ROOT,
        signal: controller.signal,
        limits: { killGraceMs: 300 },
        onRecord: (r) => r.type === 'row' && (rows.push(r.data as never), controller.abort()),
      },
    );
    expect(outcome.status).toBe('cancelled');
    await new Promise((r) => setTimeout(r, 500));
    expect(alive(rows[0].pid)).toBe(false);
    expect(await listening(rows[0].port)).toBe(false);
  });

  it('ends servers and workers a cell leaves behind', async () => {
    const { outcome } = await run('leaves-server');
    expect(outcome.status).toBe('done');
    const { pid, port } = outcome.rows[0] as { pid: number; port: number };
    await new Promise((r) => setTimeout(r, 500));
    expect(alive(pid)).toBe(false);
    expect(await listening(port)).toBe(false);
  });
});
