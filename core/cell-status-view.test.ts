import { describe, expect, it } from 'vitest';
import { errorText, runStatus, statusView } from './cell-status-view.ts';
import type { ErrorRecord } from './protocol.ts';

describe('statusView: one status per stored state', () => {
  it('says stale once, in the notice and the freshness word alike, and never "up to date" with it', () => {
    const stale = statusView('stale');
    expect(stale).toMatchObject({ state: 'stale', freshness: 'stale', notice: { kind: 'stale' } });
    expect(JSON.stringify(stale)).not.toMatch(/up to date/);
    const fresh = statusView('measured');
    expect(fresh).toEqual({ state: 'idle', freshness: 'up to date' });
  });

  it('has no freshness without results, and the message of an invalid file', () => {
    expect(statusView('unmeasured')).toEqual({ state: 'idle', notice: { kind: 'unmeasured', text: 'Not measured yet.' } });
    expect(statusView('invalid', 'en', 'x.json is not a valid results file')).toEqual({
      state: 'idle',
      notice: { kind: 'invalid', text: 'x.json is not a valid results file' },
    });
  });

  it('speaks Chinese on Chinese pages', () => {
    expect(statusView('stale', 'zh-cn').freshness).toBe('已过期');
    expect(statusView('measured', 'zh-cn').freshness).toBe('最新');
  });
});

describe('runStatus: the status line of a run', () => {
  const dying: ErrorRecord = { type: 'error', kind: 'exception', message: 'terminating connection due to administrator command' };

  it('calls a cancelled run cancelled, whatever error the dying cell reported first, and raises no alert', () => {
    expect(runStatus({ state: 'cancelled', origin: 'file', error: dying })).toEqual({ text: 'cancelled · stored results kept' });
    expect(runStatus({ state: 'cancelled', error: dying }, 'zh-cn')).toEqual({ text: '已取消 · 保留已存结果' });
  });

  it('shows a failed run’s error as an alert, at the cell’s line', () => {
    const crash: ErrorRecord = { type: 'error', kind: 'exception', message: 'boom', at: { file: '/home/u/p/notebooks/ch/c.ts', line: 7 } };
    expect(runStatus({ state: 'error', error: crash })).toEqual({
      text: 'failed · stored results kept',
      alert: 'Error (exception): boom (notebooks/ch/c.ts:7)',
    });
    expect(errorText(crash, 'zh-cn')).toBe('错误（exception）: boom (notebooks/ch/c.ts:7)');
  });

  it('says a quick run over stored full results was kept in the history, not saved', () => {
    const kept = runStatus({ state: 'done', origin: 'file', saved: false, preset: 'quick', storedPreset: 'full' });
    expect(kept.text).toMatch(/^done · kept in the runner's history: a quick run does not replace the stored full results/);
    expect(runStatus({ state: 'done', origin: 'file', saved: false, preset: 'quick', storedPreset: 'full' }, 'zh-cn').text).toMatch(
      /^完成 · 已记入运行历史/,
    );
    expect(runStatus({ state: 'done', origin: 'file', saved: true, preset: 'quick', storedPreset: 'full' }).text).toBe(
      'done · results saved',
    );
    expect(runStatus({ state: 'done', origin: 'edited-params', saved: false, preset: 'custom', storedPreset: 'full' }).text).toMatch(
      /an experiment/,
    );
    expect(runStatus({ state: 'done', origin: 'file', saved: false, preset: 'full', storedPreset: 'full' }).text).toBe('done · not saved');
  });

  it('shows the queue position and progress while a run waits and runs', () => {
    expect(runStatus({ state: 'queued', position: 2 }).text).toBe('queued · position 2');
    expect(runStatus({ state: 'running', progress: { done: 3, total: 8, label: 'n=3' } }).text).toBe('running · 3/8 · n=3');
    expect(runStatus({ state: 'running', origin: 'edited-code' }).text).toBe('running edited code (not saved)');
  });
});
