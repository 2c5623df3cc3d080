import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireRunLock } from './run-lock-fs.ts';

let root: string;
beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'am-lock-'))));
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('run lock', () => {
  it('is taken and released', async () => {
    const release = await acquireRunLock(root, 'test');
    expect(existsSync(join(root, '.runs/run.lock'))).toBe(true);
    release();
    expect(existsSync(join(root, '.runs/run.lock'))).toBe(false);
  });

  it('takes over a lock whose process is gone', async () => {
    mkdirSync(join(root, '.runs'));
    writeFileSync(join(root, '.runs/run.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, what: 'dead', since: '' }));
    const heard: string[] = [];
    const release = await acquireRunLock(root, 'taker', { onWait: (h) => heard.push(h.what) });
    expect(heard).toEqual([]); // taken over at once, not waited for
    expect(JSON.parse(readFileSync(join(root, '.runs/run.lock'), 'utf8'))).toMatchObject({ pid: process.pid, what: 'taker' });
    release();
    expect(existsSync(join(root, '.runs/run.lock'))).toBe(false);
  });

  it('waits for a live holder, says who it is, and can be cancelled while waiting', async () => {
    mkdirSync(join(root, '.runs'));
    // PID 1 is always alive: a holder that will not let go.
    writeFileSync(join(root, '.runs/run.lock'), JSON.stringify({ pid: 1, what: 'npm run bench', since: 'now' }));
    const controller = new AbortController();
    const heard: string[] = [];
    const waiting = acquireRunLock(root, 'test', { signal: controller.signal, onWait: (h) => heard.push(h.what) });
    setTimeout(() => controller.abort(), 600);
    await expect(waiting).rejects.toThrow(/cancelled while waiting/);
    expect(heard).toEqual(['npm run bench']);
  });
});
