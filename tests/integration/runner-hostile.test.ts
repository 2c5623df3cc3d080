// The real runner under attack from the same machine, and under the signals and deaths a user's
// machine deals out: no request ends it, no response is framable or cacheable where it matters,
// and nothing a cell started outlives its run or the runner.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { ROOT, makeSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { startRunner, type Runner } from '../helpers/runner.ts';
import { authed, http, openEvents } from '../helpers/runner-client.ts';
import { isListening, isRunning } from '../helpers/process.ts';
import { cookieName } from '../../runners/auth.ts';
import { CLIENT_HEADER, type RunEvent } from '../../core/api.ts';
import { MAX_CONCURRENT } from '../../runners/describe-fs.ts';
import { RUN_TAG_VAR } from '../../runners/process-group.ts';

// One runner serves every test that does not kill it: a runner's start-up (Astro's dev server) is
// most of this file's time.
let box: Sandbox;
let runner: Runner;
let leftover: ChildProcess;
let leftoverCopy: string;

/** Copies the fixture cells into the sandbox as a chapter, runnable from the API. */
function addFixtures(dir: string): void {
  mkdirSync(join(dir, 'notebooks/fixtures'), { recursive: true });
  for (const f of readdirSync(join(ROOT, 'tests/fixtures/cells')))
    writeFileSync(
      join(dir, 'notebooks/fixtures', f),
      readFileSync(join(ROOT, 'tests/fixtures/cells', f), 'utf8').replaceAll('../../../runners/', '../../runners/'),
    );
}

beforeAll(async () => {
  box = makeSandbox();
  addFixtures(box.dir);
  for (let i = 0; i < 12; i++)
    writeFileSync(
      join(box.dir, `notebooks/fixtures/describe-${i}.ts`),
      readFileSync(join(ROOT, 'tests/fixtures/cells/params.ts'), 'utf8').replaceAll('../../../runners/', '../../runners/') +
        `// copy ${i}\n`,
    );
  // What a killed runner left behind, planted before this runner starts: its start-up must sweep it.
  const dead = spawnSync('true').pid!; // a pid that has exited
  leftover = spawn('sleep', ['300'], { detached: true, stdio: 'ignore', env: { ...process.env, [RUN_TAG_VAR]: `${dead}.leftover` } });
  leftover.unref();
  leftoverCopy = join(box.dir, `notebooks/servers/.hello.${dead}-abcd1234.edited.ts`);
  writeFileSync(leftoverCopy, 'export {};\n');
  runner = await startRunner(box.dir);
});
afterAll(async () => {
  if (leftover?.pid && isRunning(leftover.pid)) leftover.kill('SIGKILL');
  await runner?.stop();
  box?.remove();
});

/** A raw request, byte for byte as written (Node's client refuses to send some of these headers). */
function raw(port: number, lines: string[], body = ''): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(lines.join('\r\n') + '\r\n\r\n' + body));
    let text = '';
    socket.on('data', (d) => (text += d));
    socket.on('close', () => resolve(text));
    socket.on('error', () => resolve(text));
  });
}

const upgrade = (port: number, cookie: string) =>
  raw(port, [
    'GET /?token=x HTTP/1.1',
    `Host: 127.0.0.1:${port}`,
    `Cookie: ${cookie}`,
    'Connection: Upgrade',
    'Upgrade: websocket',
    'Sec-WebSocket-Version: 13',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    'Sec-WebSocket-Protocol: vite-hmr',
  ]);

/** Polls a condition on the machine's state (not a fixed wait) until it holds or the deadline passes. */
async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`still not true after ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Processes whose parent is `pid` and whose command line contains `needle`. */
function childrenOf(pid: number, needle: string): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .flatMap((d) => {
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return ppid === pid && readFileSync(`/proc/${d}/cmdline`, 'utf8').includes(needle) && isRunning(Number(d)) ? [Number(d)] : [];
      } catch {
        return [];
      }
    });
}

const rowOf = (events: RunEvent[]) =>
  events.flatMap((e) => (e.kind === 'record' && e.record.type === 'row' ? [e.record.data] : [])).at(-1)!;

async function startRun(r: Runner, cell: string, body: Record<string, unknown> = {}): Promise<string> {
  const reply = await http(r, '/__runner/api/runs', { method: 'POST', headers: authed(r), body: { cell, preset: 'quick', ...body } });
  expect(reply.status, reply.body).toBe(202);
  return JSON.parse(reply.body).runId;
}

describe('no request ends the runner or runs code without the token', () => {
  it('refuses upgrades whose cookie does not decode, and keeps serving', async () => {
    expect(await upgrade(runner.port, `am_runner_${runner.port}=%`)).toMatch(/^HTTP\/1.1 401/);
    expect(await upgrade(runner.port, `${cookieName(runner.port, runner.token)}=%`)).toMatch(/^HTTP\/1.1 401/);
    expect(await upgrade(runner.port, `${cookieName(runner.port, runner.token)}=%E0%A4%A`)).toMatch(/^HTTP\/1.1 401/);
    expect((await http(runner, '/__runner/api/cells', { headers: authed(runner) })).status).toBe(200);
  });

  it('answers a malformed Host with one line of 400, before anything of the dev server runs', async () => {
    for (const host of [`127.0.0.1:${runner.port}.`, `127.0.0.1:${runner.port}:1`, '[::1']) {
      const reply = await raw(runner.port, ['GET /chapters/servers/ HTTP/1.1', `Host: ${host}`, 'Accept: text/html', 'Connection: close']);
      expect(reply, host).toMatch(/^HTTP\/1.1 400/);
      const body = reply.split('\r\n\r\n')[1];
      expect(body).not.toMatch(/\bat \S+ \(|node_modules|\/work\/|\/root\//); // no stack, no paths
      expect(body.length).toBeLessThan(600);
    }
    expect((await http(runner, '/__runner/api/cells', { headers: authed(runner) })).status).toBe(200);
  });

  it('refuses state changes that a form or a simple request could make', async () => {
    const cookie = authed(runner).cookie;
    const body = '{"cell":"fixtures/ok"}';
    const post = (headers: Record<string, string>) =>
      raw(
        runner.port,
        [
          'POST /__runner/api/runs HTTP/1.1',
          `Host: 127.0.0.1:${runner.port}`,
          `Cookie: ${cookie}`,
          'Connection: close',
          `Content-Length: ${body.length}`,
          ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
        ],
        body,
      );
    expect(await post({ 'Content-Type': 'text/plain' })).toMatch(/^HTTP\/1.1 403/);
    expect(await post({ 'Content-Type': 'application/json' })).toMatch(/^HTTP\/1.1 403/);
    expect(
      await post({ 'Content-Type': 'application/json', [CLIENT_HEADER]: '1', 'Sec-Fetch-Site': 'same-site', 'Sec-Fetch-Mode': 'cors' }),
    ).toMatch(/^HTTP\/1.1 403/);
    const cells = JSON.parse((await http(runner, '/__runner/api/cells', { headers: authed(runner) })).body).cells as {
      id: string;
      run?: unknown;
    }[];
    expect(cells.find((c) => c.id === 'fixtures/ok')?.run).toBeUndefined(); // nothing was queued
  });

  it('reads past a same-named cookie another port planted', async () => {
    const name = cookieName(runner.port, runner.token);
    const reply = await http(runner, '/__runner/api/cells', { headers: { cookie: `${name}=planted; ${name}=${runner.token}` } });
    expect(reply.status).toBe(200);
  });

  it('sends protective headers on pages, the API, the redirect and refusals', async () => {
    const first = await http(runner, `/chapters/servers/?token=${runner.token}`);
    const page = await http(runner, '/chapters/servers/', { headers: { ...authed(runner), accept: 'text/html' } });
    const api = await http(runner, '/__runner/api/cells', { headers: authed(runner) });
    const refused = await http(runner, '/__runner/api/cells');
    const asset = await http(runner, '/favicon.svg', { headers: authed(runner) });
    for (const [name, r] of Object.entries({ first, page, api, refused, asset })) {
      expect(r.headers['x-content-type-options'], name).toBe('nosniff');
      expect(r.headers['x-frame-options'], name).toBe('DENY');
      expect(r.headers['content-security-policy'], name).toContain("frame-ancestors 'none'");
      expect(r.headers['referrer-policy'], name).toBe('no-referrer');
    }
    for (const [name, r] of Object.entries({ first, page, api, refused })) expect(r.headers['cache-control'], name).toBe('no-store');
    expect(String(first.headers['set-cookie'])).toContain(`${cookieName(runner.port, runner.token)}=`);
  });

  it('turns a describe answer that is not JSON into an error for that request only', async () => {
    const reply = await http(runner, '/__runner/api/cells/fixtures/bad-describe', { headers: authed(runner) });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body).paramsError).toMatch(/not valid JSON/);
    expect((await http(runner, '/__runner/api/cells', { headers: authed(runner) })).status).toBe(200);
  });

  it(`runs at most ${MAX_CONCURRENT} parameter-describe processes however many requests come`, async () => {
    let most = 0;
    let settled = false;
    const requests = Promise.all(
      Array.from({ length: 12 }, (_, i) => http(runner, `/__runner/api/cells/fixtures/describe-${i}`, { headers: authed(runner) })),
    ).finally(() => (settled = true));
    while (!settled) {
      most = Math.max(most, childrenOf(runner.pid, 'describe-cell.ts').length);
      await new Promise((r) => setTimeout(r, 10));
    }
    const replies = await requests;
    expect(replies.map((r) => r.status)).toEqual(Array(12).fill(200));
    expect(replies.every((r) => JSON.parse(r.body).presets?.quick)).toBe(true);
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(MAX_CONCURRENT);
  });
});

describe('nothing a cell started outlives its run', () => {
  it('ends processes that left the run’s group when the run ends', async () => {
    const stream = await openEvents(runner);
    await startRun(runner, 'fixtures/hostile-tree', { params: { hang: false } });
    const seen = await stream.next((e) => e.kind === 'state' && e.cell === 'fixtures/hostile-tree' && ['done', 'error'].includes(e.state));
    stream.close();
    const row = rowOf(seen) as { groupPid: number; escapedPid: number; groupPort: number; escapedPort: number };
    await until('both servers gone', () => !isRunning(row.groupPid) && !isRunning(row.escapedPid));
    expect(await isListening(row.escapedPort)).toBe(false);
  });

  it('keeps the prepared process of a run refused for a type error as the warm one (no leak)', async () => {
    const stream = await openEvents(runner);
    await startRun(runner, 'fixtures/type-error');
    await stream.next((e) => e.kind === 'state' && e.cell === 'fixtures/type-error' && e.state === 'error');
    stream.close();
    expect(childrenOf(runner.pid, 'runners/child.ts')).toHaveLength(1);
  });
});

// Each signal needs a runner of its own to kill; the three start side by side.
describe('nothing outlives the runner', { timeout: 180_000 }, () => {
  const SIGNALS = ['SIGTERM', 'SIGHUP', 'SIGKILL'] as const;
  type Doomed = { own: Sandbox; r: Runner; row: Record<string, number> };
  let doomed: Doomed[] = [];

  /** Starts a runner on its own sandbox with a hanging cell that left a server in and out of its group. */
  async function runnerWithHangingCell(): Promise<Doomed> {
    const own = makeSandbox();
    addFixtures(own.dir);
    const r = await startRunner(own.dir);
    const stream = await openEvents(r);
    await startRun(r, 'fixtures/hostile-tree');
    const row = rowOf(await stream.next((e) => e.kind === 'record' && e.record.type === 'row')) as Record<string, number>;
    stream.close();
    for (const port of [row.groupPort, row.escapedPort]) expect(await isListening(port)).toBe(true);
    return { own, r, row };
  }

  beforeAll(async () => {
    const started = await Promise.allSettled(SIGNALS.map(() => runnerWithHangingCell()));
    doomed = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  }, 300_000);
  afterAll(async () => {
    for (const { r, own } of doomed) {
      await r.stop();
      own.remove();
    }
  });

  SIGNALS.forEach((signal, i) => {
    it(`${signal} to the runner mid-run ends every process of the run and frees its ports`, async () => {
      const { r, row } = doomed[i];
      await r.kill(signal);
      await until('the run’s processes gone', () => ![row.groupPid, row.escapedPid].some(isRunning));
      for (const port of [row.groupPort, row.escapedPort]) expect(await isListening(port)).toBe(false);
      expect(childrenOf(r.pid, 'runners/child.ts')).toEqual([]);
    });
  });
});

describe('a runner sweeps what a killed runner left', () => {
  it('ends tagged processes and removes edited-code copies when it starts', async () => {
    await until('the leftover process ended', () => !isRunning(leftover.pid!));
    expect(existsSync(leftoverCopy)).toBe(false);
  });
});

// On the shared runner, last: tens of megabytes of rows come after every other test is done with
// it. The test reads the outcome from the API and the file, not from an event stream it would have
// to drain.
describe('a run has a byte budget', { timeout: 180_000 }, () => {
  it('truncates a flood of large rows, keeps the end of the run, and saves a bounded file', async () => {
    await startRun(runner, 'fixtures/big-rows');
    const cellState = async () => {
      const cells = JSON.parse((await http(runner, '/__runner/api/cells', { headers: authed(runner) })).body).cells as {
        id: string;
        state: string;
        run?: unknown;
      }[];
      return cells.find((c) => c.id === 'fixtures/big-rows');
    };
    await until('the flood’s run ended', async () => (await cellState())?.run === undefined, 150_000);
    // Saved means the run ended 'done': its done record came through after the flood.
    expect(await cellState(), runner.output().slice(-2000)).toMatchObject({ state: 'measured' });
    const file = join(box.dir, 'public/results/fixtures/big-rows.json');
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { rows: unknown[] };
    expect(saved.rows.length).toBeGreaterThan(0);
    expect(saved.rows.length).toBeLessThan(400); // truncated: 400 rows of 200 KB are over the budget
    expect(statSync(file).size).toBeLessThan(40 << 20);
  });
});
