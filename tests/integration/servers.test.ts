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
import { paramArgs, readExperiment } from '../helpers/experiment.ts';
import { ResultsFile } from '../../core/protocol.ts';
import { response } from '../../notebooks/servers/lib/http-bytes.ts';
import { startPyResponder } from '../../notebooks/servers/lib/py-responder.ts';
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

describe('the CPython epoll responder (the new-connection ceiling)', () => {
  it('answers the Node responder’s bytes, closes after each, and is gone after stop', async () => {
    const server = await startPyResponder(true, null);
    const port = Number(new URL(server.url).port);
    try {
      const raw = await rawRequest(port, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
      expect(raw.text).toBe(response('hello world', true));
      expect(raw.closedByServer).toBe(true);
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
  // hello with two servers rather than the preset's: still a row per server and shape beside each
  // shape's ceiling. Run with --param, it is an experiment: its results are in the history.
  const HELLO = { servers: ['raw-net', 'http'] };
  /** Processes started from this sandbox's copy of the chapter: servers, load generators, PostgreSQL. */
  const leftovers = () =>
    spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' })
      .stdout.split('\n')
      .filter((l) => (l.includes(box.dir) && /server-process|load\.ts/.test(l)) || (l.includes('bin/postgres') && l.includes(scratch)));

  it('measures the preset’s styles in its shapes as interleaved trials, and SELECT 1 with both drivers, leaving nothing behind', async () => {
    // Not spawnSync: a worker blocked for minutes cannot answer vitest's own messages.
    // The chapter's Node cells; keakon's Python servers (servers/keakon) have their own test.
    const r = await runBench(box.dir, ['servers/hello', '--quick', ...paramArgs(HELLO)], { AM_SCRATCH_ROOT: scratch }, 240_000);
    expect(r.status, r.stderr).toBe(0);
    const r1 = await runBench(box.dir, ['servers/select1', '--quick', '--replace'], { AM_SCRATCH_ROOT: scratch }, 240_000);
    expect(r1.status, r1.stderr).toBe(0);
    const CEILING = 'canned';
    /** Each measure's median lies within its interval. */
    const withinInterval = (row: Record<string, unknown>, measures: string[]) => {
      for (const m of measures) {
        expect(row[`${m}Lo`] as number, `${m} of ${JSON.stringify(row)}`).toBeLessThanOrEqual(row[m] as number);
        expect(row[m] as number, `${m} of ${JSON.stringify(row)}`).toBeLessThanOrEqual(row[`${m}Hi`] as number);
      }
    };

    const hello = readExperiment(box.dir, 'servers/hello');
    expect(hello.params.servers).toEqual(HELLO.servers);
    const trials = hello.params.trials as number;
    expect(trials).toBeGreaterThanOrEqual(2);
    expect(hello.provenance.loadGenerator).toMatch(/^(ab|wrk|autocannon)/);
    expect(hello.provenance.loadGenerator).toMatch(/ceiling [\d,]+ req\/s/);
    // The new-connection shapes' ceiling: the CPython epoll responder (the test machine has /usr/bin/python3), or a server that outran it.
    expect(hello.provenance.loadGenerator).toMatch(
      /new connection per request, ceiling [\d,]+ req\/s \((CPython epoll responder|[\w-]+, faster than)/,
    );
    expect(hello.provenance.pinned).toBeTruthy();
    const servers = hello.params.servers as string[];
    const shapes = [...new Set(hello.rows.map((x) => x.shape as string))];
    expect(shapes).toHaveLength((hello.params.shapes as string[]).length);
    expect(servers.every((s) => (SERVER_STYLES as string[]).includes(s))).toBe(true);
    expect(hello.rows).toHaveLength(shapes.length * (servers.length + 1));
    // Every variant (server x shape) measured once per trial, each trial stored.
    expect(hello.trials).toHaveLength(hello.rows.length * trials);
    const positions = [...Array(trials).keys()];
    for (const row of hello.rows) {
      expect(hello.trials.filter((t) => t.server === row.server && t.shape === row.shape).map((t) => t.trial)).toEqual(positions);
    }
    for (const shape of shapes) expect(hello.rows.filter((x) => x.shape === shape && x.server === CEILING)).toHaveLength(1);
    for (const row of hello.rows) {
      expect(row.trials, JSON.stringify(row)).toBe(trials);
      expect(row.requestsPerSec as number, JSON.stringify(row)).toBeGreaterThan(0);
      expect(row.p50Ms as number).toBeGreaterThan(0);
      expect(row.p99Ms as number).toBeGreaterThanOrEqual(row.p50Ms as number);
      withinInterval(row, ['requestsPerSec', 'p50Ms', 'p99Ms', 'ofCeiling']);
      expect(typeof row.generatorLimited).toBe('boolean');
      if (row.generatorLimited && row.server !== CEILING) expect(row.note).toBe('generator-limited');
      expect(row.errors).toBe(0);
    }
    // With wrk, keep-alive is the shape that can rank servers. Which servers sit within 10 % of the
    // ceiling is a speed, and on a busy machine two short quick trials can put any of them there,
    // so only the direction between shapes is asserted: keep-alive's ceiling is above the
    // ceilings of a new connection per request (about 4.5 times quiet; under 2 on a busy CI run).
    const keepAlive = shapes.find((x) => x === 'wrk-keep-alive');
    if (keepAlive) {
      const ceilings = hello.rows.filter((x) => x.server === CEILING);
      const kaCeiling = ceilings.find((x) => x.shape === keepAlive)!.requestsPerSec as number;
      for (const c of ceilings.filter((x) => x.shape !== keepAlive)) expect(kaCeiling).toBeGreaterThan(c.requestsPerSec as number);
    }
    expect(hello.reference.length).toBe(7); // the essay's seven servers
    // Rows carry keys; the chart's labels give them words.
    expect(new Set(hello.rows.map((x) => x.server))).toEqual(new Set([CEILING, ...servers]));
    expect(hello.reference.map((x) => x.server)).toEqual(expect.arrayContaining(['tornado', 'py-poll']));

    const select1 = read('servers/select1');
    expect(select1.provenance.database).toMatch(/^PostgreSQL \d+/);
    expect(select1.provenance.loadGenerator).toMatch(/^(ab|autocannon)/);
    expect(new Set(select1.rows.map((x) => x.driver))).toEqual(new Set(['pg', 'postgres.js']));
    expect(new Set(select1.rows.map((x) => x.variant))).toEqual(
      new Set(['raw-net+pg', 'raw-net+postgres.js', 'ioloop+pg', 'ioloop+postgres.js']),
    );
    expect(select1.trials).toHaveLength(select1.rows.length * (select1.params.trials as number));
    for (const row of select1.rows) {
      expect(row.trials).toBe(select1.params.trials);
      expect(row.requestsPerSec as number, JSON.stringify(row)).toBeGreaterThan(0);
      expect(row.p99Ms as number).toBeGreaterThanOrEqual(row.p50Ms as number);
      withinInterval(row, ['requestsPerSec', 'p50Ms', 'p99Ms']);
      expect(row.errors).toBe(0);
    }
    expect(select1.reference.map((x) => x.requestsPerSec)).toEqual([680, 1250]);

    expect(leftovers()).toEqual([]);
  }, 260_000);
});
