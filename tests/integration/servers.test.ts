// The servers chapter as CI runs it: every server style answers a valid HTTP/1.1 response to a
// real client (fetch, and a raw socket asking to close), the quick presets measure requests/s and
// latency percentiles, and afterwards no server or load-generator process, and no port, is left.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { runBench } from '../helpers/bench.ts';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { ResultsFile } from '../../core/protocol.ts';
import { startServer } from '../../notebooks/servers/lib/server-process.ts';
import { SERVER_STYLES, STYLES, type StyleId } from '../../notebooks/servers/lib/styles.ts';
import { isRunning as alive } from '../helpers/process.ts';

/** Sends raw bytes, returns everything the server sent until it closed (or '' + timedOut). */
function rawRequest(port: number, request: string, timeoutMs = 5000): Promise<{ text: string; closedByServer: boolean }> {
  return new Promise((resolve) => {
    let text = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    const timer = setTimeout(() => (socket.destroy(), resolve({ text, closedByServer: false })), timeoutMs);
    socket.on('data', (d) => (text += d));
    socket.on('end', () => (clearTimeout(timer), socket.end(), resolve({ text, closedByServer: true })));
    socket.on('error', () => (clearTimeout(timer), resolve({ text, closedByServer: false })));
  });
}
const refused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect(port, '127.0.0.1', () => (s.destroy(), resolve(false)));
    s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
  });

describe('each server style answers real clients', () => {
  const styles = Object.keys(STYLES) as StyleId[];
  it.each(styles)('%s: fetch, then a raw request with Connection: close, then gone', async (style) => {
    const server = await startServer({ style });
    const port = Number(new URL(server.url).port);
    try {
      const res = await fetch(server.url);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('hello world');
      expect(res.headers.get('content-length')).toBe('11');

      if (style !== 'canned-keepalive') {
        // ab's request: HTTP/1.1 asking to close. A correct status line, headers, body, then FIN.
        const raw = await rawRequest(port, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
        expect(raw.text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
        expect(raw.text).toMatch(/\r\ncontent-length: 11\r\n/i);
        expect(raw.text.endsWith('\r\n\r\nhello world')).toBe(true);
        expect(raw.closedByServer).toBe(true);
      }
    } finally {
      await server.stop();
    }
    expect(server.pids.filter(alive)).toEqual([]);
    expect(await refused(port)).toBe(true);
  });
});

describe('servers chapter, quick presets through the CLI', () => {
  let box: Sandbox;
  let scratch: string;
  beforeAll(() => {
    box = makeSandbox();
    scratch = mkdtempSync(join(tmpdir(), 'am-scratch-'));
    chmodSync(scratch, 0o755); // PostgreSQL's own user must reach its data directory
  });
  afterAll(() => {
    box.remove();
    rmSync(scratch, { recursive: true, force: true });
  });
  const read = (id: string) => ResultsFile.parse(JSON.parse(readFileSync(join(box.dir, 'public/results', `${id}.json`), 'utf8')));
  /** Processes started from this sandbox's copy of the chapter: servers, load generators, PostgreSQL. */
  const leftovers = () =>
    spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' })
      .stdout.split('\n')
      .filter((l) => (l.includes(box.dir) && /server-process|load\.ts/.test(l)) || (l.includes('bin/postgres') && l.includes(scratch)));

  it('measures every style in both shapes, and SELECT 1 with both drivers, leaving nothing behind', async () => {
    // Not spawnSync: a worker blocked for minutes cannot answer vitest's own messages.
    const r = await runBench(box.dir, ['servers', '--quick', '--replace'], { AM_SCRATCH_ROOT: scratch }, 240_000);
    expect(r.status, r.stderr).toBe(0);

    const hello = read('servers/hello');
    expect(hello.provenance.loadGenerator).toMatch(/^(autocannon|wrk)/);
    expect(hello.provenance.pinned).toBeTruthy();
    expect(hello.rows).toHaveLength(2 * (SERVER_STYLES.length + 1));
    expect(new Set(hello.rows.map((x) => x.shape)).size).toBe(2);
    for (const row of hello.rows) {
      expect(row.requestsPerSec as number, JSON.stringify(row)).toBeGreaterThan(0);
      expect(row.p50Ms as number).toBeGreaterThan(0);
      expect(row.p99Ms as number).toBeGreaterThanOrEqual(row.p50Ms as number);
      expect(typeof row.generatorLimited).toBe('boolean');
      expect(row.errors).toBe(0);
    }
    expect(hello.reference.length).toBe(7); // the essay's seven servers

    const select1 = read('servers/select1');
    expect(select1.provenance.database).toMatch(/^PostgreSQL \d+/);
    expect(new Set(select1.rows.map((x) => x.driver))).toEqual(new Set(['pg', 'postgres.js']));
    for (const row of select1.rows) {
      expect(row.requestsPerSec as number, JSON.stringify(row)).toBeGreaterThan(0);
      expect(row.p99Ms as number).toBeGreaterThanOrEqual(row.p50Ms as number);
    }
    expect(select1.reference.map((x) => x.requestsPerSec)).toEqual([680, 1250]);

    expect(leftovers()).toEqual([]);
  }, 260_000);
});
