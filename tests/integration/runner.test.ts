// The real local runner, started as `npm start` starts it, probed the way an attacker or a user
// would: without a token, with a wrong one, from a foreign origin, through a rebinding Host;
// then driven properly, with its stream, queue, join and cancel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { ROOT } from '../helpers/sandbox.ts';
import { isListening, isRunning } from '../helpers/process.ts';
import { join } from 'node:path';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { startRunner, type Runner } from '../helpers/runner.ts';
import { openEvents, authed as pageHeaders, http as rawHttp } from '../helpers/runner-client.ts';
import { cookieName } from '../../runners/auth.ts';
import type { RunEvent } from '../../core/api.ts';

let box: Sandbox;
let runner: Runner;

beforeAll(async () => {
  // The runner (started with this environment) finds Bun in the project's runtime cache, not the sandbox's.
  process.env.AM_RUNTIMES_DIR ??= join(ROOT, '.runtimes');
  box = makeSandbox();
  writeFileSync(
    join(box.dir, 'notebooks/generator-overhead/slow.ts'),
    "import { cell, z } from '../../runners/sdk.ts';\nexport default cell({ params: z.object({}), presets: { quick: {}, full: {} }, async run({ row }) { for (let i = 0; i < 50; i++) { row({ i }); await new Promise((r) => setTimeout(r, 100)); } } });\n",
  );
  // The misbehaving fixture cells become a chapter of the sandbox, runnable from the API.
  mkdirSync(join(box.dir, 'notebooks/fixtures'));
  for (const f of readdirSync(join(ROOT, 'tests/fixtures/cells')))
    writeFileSync(
      join(box.dir, 'notebooks/fixtures', f),
      readFileSync(join(ROOT, 'tests/fixtures/cells', f), 'utf8').replaceAll('../../../runners/', '../../runners/'),
    );
  runner = await startRunner(box.dir);
});
afterAll(async () => {
  await runner?.stop();
  box?.remove();
});

/** A raw HTTP request to this file's runner (see tests/helpers/runner-client.ts). */
const http = (path: string, opts: Parameters<typeof rawHttp>[2] = {}) => rawHttp(runner, path, opts);

// As the page calls the API: the cookie, and the header every state-changing request carries.
const authed = (extra: Record<string, string> = {}) => pageHeaders(runner, extra);

/**
 * Reads the event stream until `until` says stop; returns every event seen. The limit only catches
 * a stream that never ends the wait: a quick run takes seconds quiet and far longer on a busy
 * machine, so it sits just under the test's own limit.
 */
async function events(until: (e: RunEvent) => boolean, timeoutMs = 150_000): Promise<RunEvent[]> {
  return (await listen(until, timeoutMs)).seen;
}

/**
 * Like events(), but resolves once the stream is open (the runner answers its headers after it
 * subscribed the stream): what `seen` resolves with includes everything that happens after this.
 */
async function listen(until: (e: RunEvent) => boolean, timeoutMs = 150_000): Promise<{ seen: Promise<RunEvent[]> }> {
  const stream = await openEvents(runner);
  const timer = setTimeout(() => stream.close(), timeoutMs); // a stream that never says it ends the wait
  const seen = stream.next(until).finally(() => {
    clearTimeout(timer);
    stream.close();
  });
  return { seen };
}

/** Polls a condition on the machine's state (not a fixed wait) until it holds or the deadline passes. */
async function until(what: string, condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`still not true after ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('who may drive the runner', () => {
  it('refuses a request without a token (401) and with a wrong one (403)', async () => {
    expect((await http('/')).status).toBe(401);
    expect((await http('/__runner/api/cells')).status).toBe(401);
    expect((await http('/?token=wrong')).status).toBe(403);
    expect((await http('/__runner/api/cells', { headers: { authorization: 'token wrong' } })).status).toBe(403);
    expect((await http('/__runner/api/events', { headers: { cookie: `${cookieName(runner.port, runner.token)}=nope` } })).status).toBe(403);
  });

  it('refuses a foreign Origin, on the API, the stream and a preflight', async () => {
    const evil = { origin: 'http://evil.example' };
    expect(
      (await http('/__runner/api/runs', { method: 'POST', headers: authed(evil), body: { cell: 'generator-overhead/calls' } })).status,
    ).toBe(403);
    expect((await http('/__runner/api/events', { headers: authed(evil) })).status).toBe(403);
    expect(
      (await http('/__runner/api/runs', { method: 'OPTIONS', headers: authed({ ...evil, 'access-control-request-method': 'POST' }) }))
        .status,
    ).toBe(403);
  });

  it('refuses a Host that is not loopback (DNS rebinding), even with the token', async () => {
    const r = await http('/__runner/api/cells', { headers: authed({ host: `attacker.example:${runner.port}` }) });
    expect(r.status).toBe(403);
  });

  it('refuses a WebSocket upgrade from a foreign origin and keeps serving', async () => {
    const reply = await new Promise<string>((resolve) => {
      const socket = connect(runner.port, '127.0.0.1', () =>
        socket.write(
          [
            'GET /?token=vite-own-token HTTP/1.1',
            `Cookie: ${authed().cookie}`,
            `Host: 127.0.0.1:${runner.port}`,
            'Origin: http://evil.example',
            'Connection: Upgrade',
            'Upgrade: websocket',
            'Sec-WebSocket-Version: 13',
            'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
            'Sec-WebSocket-Protocol: vite-hmr',
            '',
            '',
          ].join('\r\n'),
        ),
      );
      let text = '';
      socket.on('data', (d) => (text += d));
      socket.on('close', () => resolve(text));
      socket.on('error', () => resolve(text));
    });
    expect(reply).toMatch(/^HTTP\/1.1 403/);
    expect((await http('/__runner/api/cells', { headers: authed() })).status).toBe(200);
  });

  it('serves no file outside the project, even to its own user', async () => {
    for (const path of ['/@fs/etc/passwd', `/@fs${box.dir}/../../../../etc/passwd`, '/../../etc/passwd', '/@fs/root/.npmrc']) {
      const r = await http(path, { headers: authed() });
      expect(r.status, path).toBeGreaterThanOrEqual(400);
      expect(r.body, path).not.toMatch(/root:x:0:0/);
    }
  });

  it('listens on loopback only', () => {
    // /proc/net/tcp lists listening sockets as hex "address:port"; 0100007F is 127.0.0.1.
    const port = runner.port.toString(16).toUpperCase().padStart(4, '0');
    const rows = [...readFileSync('/proc/net/tcp', 'utf8').split('\n'), ...readFileSync('/proc/net/tcp6', 'utf8').split('\n')]
      .map((l) => l.trim().split(/\s+/))
      .filter((c) => c[1]?.endsWith(`:${port}`) && c[3] === '0A');
    expect(rows.length).toBeGreaterThan(0);
    for (const c of rows) expect(c[1].split(':')[0]).toMatch(/^(0100007F|00000000000000000000000001000000)$/);
  });

  it('trades the URL token for an HttpOnly cookie and a clean address', async () => {
    const r = await http(`/chapters/generator-overhead/?token=${runner.token}`);
    expect(r.status).toBe(302);
    expect(r.headers.location).toBe('/chapters/generator-overhead/');
    expect(String(r.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    const page = await http('/chapters/generator-overhead/', { headers: authed() });
    expect(page.status).toBe(200);
    expect(page.body).toContain('data-cell="generator-overhead/calls"');
    expect(page.body).not.toContain(runner.token);
  });
});

describe('running cells through the runner', () => {
  it('lists cells with their stored state', async () => {
    const r = await http('/__runner/api/cells', { headers: authed() });
    expect(r.status).toBe(200);
    const ids = (JSON.parse(r.body).cells as Array<{ id: string }>).map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['generator-overhead/calls', 'generator-overhead/next-to-io']));
  });

  it('streams rows before the run ends, saves results on success, and never writes the token', async () => {
    const stream = await listen((e) => e.kind === 'state' && e.cell === 'generator-overhead/calls' && ['done', 'error'].includes(e.state));
    // The committed results are full ones: the quick run replaces them because it is asked to.
    const start = await http('/__runner/api/runs', {
      method: 'POST',
      headers: authed({ origin: runner.origin }),
      body: { cell: 'generator-overhead/calls', preset: 'quick', replace: true },
    });
    expect(start.status).toBe(202);
    const seen = (await stream.seen).filter((e) => e.cell === 'generator-overhead/calls');
    const kinds = seen.map((e) => (e.kind === 'state' ? e.state : e.record.type));
    // Trials stream while the run goes (the chart fills with them); the summary rows come at its end.
    expect(kinds.indexOf('running')).toBeLessThan(kinds.indexOf('trial'));
    expect(kinds.indexOf('trial')).toBeLessThan(kinds.lastIndexOf('progress'));
    expect(kinds.lastIndexOf('trial')).toBeLessThan(kinds.indexOf('row'));
    expect(kinds.at(-1)).toBe('done');
    expect(seen.at(-1)).toMatchObject({ kind: 'state', state: 'done', saved: true });
    const saved = readFileSync(join(box.dir, 'public/results/generator-overhead/calls.json'), 'utf8');
    expect(JSON.parse(saved).rows).toHaveLength(6);
    expect(JSON.parse(saved).trials).toHaveLength(12); // 6 variants × the quick preset's 2 trials
    expect(saved).not.toContain(runner.token);
    expect(runner.output().split(runner.token).length - 1).toBe(1); // only the startup line
  });

  it('queues a second cell behind a running one, joins a repeated request, and cancels', async () => {
    const post = (cell: string) =>
      http('/__runner/api/runs', { method: 'POST', headers: authed({ origin: runner.origin }), body: { cell, preset: 'quick' } }).then(
        (r) => JSON.parse(r.body),
      );
    const first = await post('generator-overhead/slow');
    const again = await post('generator-overhead/slow');
    expect(again).toMatchObject({ runId: first.runId, joined: true });
    const second = await post('generator-overhead/next-to-io');
    expect(second).toMatchObject({ joined: false, state: 'queued', position: 1 });
    const stream = await listen((e) => e.kind === 'state' && e.cell === 'generator-overhead/slow' && e.state === 'cancelled');
    // Cancel once it is really running (after its type check), with rows on screen.
    await events((e) => e.kind === 'record' && e.record.type === 'row' && e.cell === 'generator-overhead/slow');
    const cancel = await http(`/__runner/api/runs/${first.runId}/cancel`, { method: 'POST', headers: authed({ origin: runner.origin }) });
    expect(cancel.status).toBe(200);
    const seen = await stream.seen;
    expect(seen.some((e) => e.kind === 'record' && e.record.type === 'error' && e.record.kind === 'cancelled')).toBe(true);
    // A cancelled run saves nothing.
    expect(() => readFileSync(join(box.dir, 'public/results/generator-overhead/slow.json'))).toThrow();
    // The queued run goes next.
    await events((e) => e.kind === 'state' && e.cell === 'generator-overhead/next-to-io' && e.state === 'done');
  });

  /** Runs a cell through the API and returns its events up to the end of the run. */
  async function runViaApi(cell: string, body: Record<string, unknown> = {}) {
    const stream = await listen((e) => e.kind === 'state' && e.cell === cell && ['done', 'error', 'cancelled'].includes(e.state));
    const start = await http('/__runner/api/runs', {
      method: 'POST',
      headers: authed({ origin: runner.origin }),
      body: { cell, preset: 'quick', ...body },
    });
    expect(start.status, start.body).toBe(202);
    return (await stream.seen).filter((e) => e.cell === cell);
  }
  const errorsOf = (seen: RunEvent[]) => seen.flatMap((e) => (e.kind === 'record' && e.record.type === 'error' ? [e.record] : []));

  it('shows a crash as one error at the cell file and line, and goes on serving', async () => {
    const seen = await runViaApi('fixtures/crash');
    expect(seen.at(-1)).toMatchObject({ state: 'error', saved: false });
    const errors = errorsOf(seen);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ kind: 'exception', message: 'the cell crashed on purpose', at: { line: 7 } });
    expect(errors[0].at!.file).toMatch(/notebooks\/fixtures\/crash.ts$/);
    expect((await runViaApi('fixtures/ok')).at(-1)).toMatchObject({ state: 'done', saved: true });
  });

  it('reports type errors, bad parameters, malformed records, signals and floods, each in place', async () => {
    expect(errorsOf(await runViaApi('fixtures/type-error'))).toEqual([
      expect.objectContaining({ kind: 'type', at: expect.objectContaining({ line: 7 }) }),
    ]);
    // Bad parameters are refused before anything is queued, with the schema's words for the field.
    const refused = await http('/__runner/api/runs', {
      method: 'POST',
      headers: authed({ origin: runner.origin }),
      body: { cell: 'fixtures/params', params: { n: -1 } },
    });
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.body)).toMatchObject({ issues: [{ path: 'n', message: 'Number must be greater than 0' }] });
    expect(errorsOf(await runViaApi('fixtures/malformed'))).toEqual([expect.objectContaining({ kind: 'protocol' })]);
    expect(errorsOf(await runViaApi('fixtures/signal'))).toEqual([expect.objectContaining({ kind: 'signal' })]);
    const flood = await runViaApi('fixtures/flood');
    expect(flood.some((e) => e.kind === 'record' && e.record.type === 'truncated')).toBe(true);
  });

  it('cancels a cell that hangs after starting a server, and leaves nothing running', async () => {
    const stream = await listen((e) => e.kind === 'state' && e.cell === 'fixtures/leaves-server' && e.state === 'cancelled');
    const { runId } = JSON.parse(
      (
        await http('/__runner/api/runs', {
          method: 'POST',
          headers: authed({ origin: runner.origin }),
          body: { cell: 'fixtures/leaves-server', params: { hang: true } },
        })
      ).body,
    );
    const firstRow = await events((e) => e.kind === 'record' && e.record.type === 'row' && e.cell === 'fixtures/leaves-server');
    const row = firstRow.flatMap((e) => (e.kind === 'record' && e.record.type === 'row' ? [e.record.data] : [])).at(-1) as {
      pid: number;
      port: number;
    };
    expect(await isListening(row.port)).toBe(true);
    await http(`/__runner/api/runs/${runId}/cancel`, { method: 'POST', headers: authed({ origin: runner.origin }) });
    await stream.seen;
    await until('the cell’s server process ended', () => !isRunning(row.pid));
    expect(isRunning(row.pid)).toBe(false);
    expect(await isListening(row.port)).toBe(false);
  });

  it('shows a corrupt results file as unmeasured with the message, and keeps serving', async () => {
    writeFileSync(join(box.dir, 'public/results/generator-overhead/next-to-io.json'), '{ torn');
    const page = await http('/chapters/generator-overhead/', { headers: authed() });
    expect(page.status).toBe(200);
    expect(page.body).toContain('public/results/generator-overhead/next-to-io.json is not a valid results file');
    const cells = JSON.parse((await http('/__runner/api/cells', { headers: authed() })).body).cells as Array<{
      id: string;
      state: string;
      message?: string;
    }>;
    expect(cells.find((c) => c.id === 'generator-overhead/next-to-io')).toMatchObject({
      state: 'invalid',
      message: expect.stringContaining('not valid JSON'),
    });
  });

  it('answers bad requests with a message', async () => {
    const missing = await http('/__runner/api/runs', {
      method: 'POST',
      headers: authed({ origin: runner.origin }),
      body: { cell: 'nope/nothing' },
    });
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body).error).toMatch(/no cell "nope\/nothing"/);
    const bad = await http('/__runner/api/runs', {
      method: 'POST',
      headers: authed({ origin: runner.origin }),
      body: { cell: '../../etc/passwd' },
    });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error).toMatch(/chapter\/cell/);
  });

  it('runs a chapter as a batch: a failure stops the rest only when asked to', async () => {
    const all = async (stopOnError: boolean) => {
      const stream = await listen((e) => e.kind === 'state' && e.cell === 'fixtures/ok' && ['done', 'cancelled'].includes(e.state));
      const r = await http('/__runner/api/runs/all', {
        method: 'POST',
        headers: authed({ origin: runner.origin }),
        body: { cells: ['fixtures/crash', 'fixtures/ok'], stopOnError },
      });
      expect(r.status, r.body).toBe(202);
      const { batch } = JSON.parse(r.body);
      const seen = await stream.seen;
      const last = (cell: string) => seen.filter((e) => e.kind === 'state' && e.cell === cell && e.batch === batch).at(-1);
      return { crash: last('fixtures/crash'), ok: last('fixtures/ok') };
    };
    expect(await all(false)).toMatchObject({ crash: { state: 'error' }, ok: { state: 'done' } });
    expect(await all(true)).toMatchObject({ crash: { state: 'error' }, ok: { state: 'cancelled' } });
  });

  it('keeps stored full results when a quick run is not asked to replace them, and replaces them when it is', async () => {
    writeFileSync(join(box.dir, 'notebooks/fixtures/presets.ts'), readFileSync(join(box.dir, 'notebooks/fixtures/ok.ts'), 'utf8'));
    const stored = join(box.dir, 'public/results/fixtures/presets.json');
    expect((await runViaApi('fixtures/presets', { preset: 'full' })).at(-1)).toMatchObject({ state: 'done', saved: true });
    const full = readFileSync(stored, 'utf8');
    expect(JSON.parse(full)).toMatchObject({ preset: 'full', rows: expect.arrayContaining([{ i: 4, square: 16 }]) });

    const quick = await runViaApi('fixtures/presets');
    expect(quick.at(-1)).toMatchObject({ state: 'done', saved: false, origin: 'file' });
    const logs = quick.flatMap((e) => (e.kind === 'record' && e.record.type === 'log' ? [e.record.text] : []));
    expect(logs).toContainEqual(
      expect.stringMatching(
        /^not saved: a quick run does not replace the stored full results unless asked to: kept in the runner's history$/,
      ),
    );
    expect(readFileSync(stored, 'utf8')).toBe(full);
    const history = JSON.parse((await http('/__runner/api/cells/fixtures/presets/history', { headers: authed() })).body).entries as {
      stored: boolean;
      preset: string;
      rows: unknown[];
    }[];
    expect(history[0]).toMatchObject({ stored: true, preset: 'full' });
    expect(history.slice(1)).toContainEqual(
      expect.objectContaining({ stored: false, preset: 'quick', rows: expect.arrayContaining([{ i: 2, square: 4 }]) }),
    );

    expect((await runViaApi('fixtures/presets', { replace: true })).at(-1)).toMatchObject({ state: 'done', saved: true });
    expect(JSON.parse(readFileSync(stored, 'utf8'))).toMatchObject({ preset: 'quick' });
    const after = JSON.parse((await http('/__runner/api/cells/fixtures/presets/history', { headers: authed() })).body).entries as {
      stored: boolean;
      preset: string;
    }[];
    expect(after.filter((e) => !e.stored).map((e) => e.preset)).toEqual(expect.arrayContaining(['full', 'quick'])); // the full results went to the history
  });

  it('runs a cell on the runtime the page chose, beside the reference results; one that cannot run there is skipped', async () => {
    const seen = await runViaApi('fixtures/ok', { runtime: 'bun' });
    expect(seen.find((e) => e.kind === 'state' && e.state === 'running')).toMatchObject({ runtime: 'bun' });
    expect(seen.at(-1)).toMatchObject({ state: 'done', saved: true });
    const onBun = JSON.parse(readFileSync(join(box.dir, 'public/results/fixtures/ok/bun.json'), 'utf8'));
    expect(onBun).toMatchObject({ cell: 'fixtures/ok', provenance: { runtime: 'bun' } });
    writeFileSync(
      join(box.dir, 'notebooks/fixtures/runtimes.json'),
      JSON.stringify({ ok: { cannotRunOn: { deno: 'a reason of its own' } } }),
    );
    try {
      const skipped = await runViaApi('fixtures/ok', { runtime: 'deno' });
      expect(skipped.at(-1)).toMatchObject({ state: 'done', saved: false });
      const logs = skipped.flatMap((e) => (e.kind === 'record' && e.record.type === 'log' ? [e.record.text] : []));
      expect(logs).toContain('skipped: this cell cannot run on deno: a reason of its own');
    } finally {
      rmSync(join(box.dir, 'notebooks/fixtures/runtimes.json'));
    }
  });

  it('runs edited code as an experiment: errors point at the cell, the file and stored results stay', async () => {
    const file = join(box.dir, 'notebooks/fixtures/ok.ts');
    const source = readFileSync(file, 'utf8');
    const stored = readFileSync(join(box.dir, 'public/results/fixtures/ok.json'), 'utf8');
    const broken = source.replace("log('starting');", "log('starting');\n    throw new Error('edited to fail');");
    const failed = errorsOf(await runViaApi('fixtures/ok', { source: broken }));
    expect(failed).toEqual([expect.objectContaining({ message: 'edited to fail', at: expect.objectContaining({ file, line: 10 }) })]);
    const edited = await runViaApi('fixtures/ok', { source: source.replace('square: i * i', 'square: -i') });
    expect(edited.at(-1)).toMatchObject({ state: 'done', saved: false, origin: 'edited-code' });
    expect(readFileSync(file, 'utf8')).toBe(source);
    expect(readFileSync(join(box.dir, 'public/results/fixtures/ok.json'), 'utf8')).toBe(stored);
    expect(readdirSync(join(box.dir, 'notebooks/fixtures')).filter((f) => f.startsWith('.'))).toEqual([]); // the hidden copy is gone
    const history = JSON.parse((await http('/__runner/api/cells/fixtures/ok/history', { headers: authed() })).body);
    expect(history.entries[0]).toMatchObject({ stored: true, origin: 'file' });
    expect(history.entries.find((e: { origin: string }) => e.origin === 'edited-code').rows).toContainEqual({ i: 2, square: -2 });
  });

  it('saves code only to a chapter cell’s file, and describes a cell’s parameters', async () => {
    const put = (path: string, body: unknown) => http(path, { method: 'PUT', headers: authed({ origin: runner.origin }), body });
    expect((await put('/__runner/api/cells/../../package.json/source', { source: 'x' })).status).toBe(404);
    expect((await put('/__runner/api/cells/nope/nothing/source', { source: 'x' })).status).toBe(404);
    expect((await put('/__runner/api/cells/fixtures/params/source', { source: 1 })).status).toBe(400);
    const described = JSON.parse((await http('/__runner/api/cells/fixtures/params', { headers: authed() })).body);
    expect(described).toMatchObject({ id: 'fixtures/params', file: 'notebooks/fixtures/params.ts', presets: { quick: { n: 1 } } });
    expect(described.schema.properties.n).toMatchObject({ type: 'integer', exclusiveMinimum: 0 });
    const source = described.source + '// saved\n';
    expect((await put('/__runner/api/cells/fixtures/params/source', { source })).status).toBe(200);
    expect(readFileSync(join(box.dir, 'notebooks/fixtures/params.ts'), 'utf8')).toBe(source);
  });
});
