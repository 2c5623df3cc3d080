// urllib_requests.py, run for real by python3 against the latency server: requests.get(url).json()
// as Dong Weiming's fetch() calls it, the status kept, environment proxies ignored on loopback,
// and a 404 read as requests reads it: a response with its status, not an exception.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startLatencyServer, type LatencyServer } from '../../lib/latency-server.ts';

const CHAPTER = fileURLToPath(new URL('..', import.meta.url));
const PYTHON = process.env.AM_PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

/** Runs Python with the chapter folder on sys.path, as the host runs a cell; async, so the server's child keeps answering. */
function python(code: string, env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(PYTHON, ['-c', code], { env: { ...process.env, PYTHONPATH: CHAPTER, PYTHONDONTWRITEBYTECODE: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('close', (status) => resolve({ status, stdout: stdout.trim(), stderr }));
  });
}

let server: LatencyServer;
beforeAll(async () => {
  server = await startLatencyServer({ delayMs: 0, jitterMs: 0 });
});
afterAll(() => server.stop());

describe('urllib_requests', () => {
  it("answers requests.get(url).json() as httpbin's /get does, past a proxy set in the environment", async () => {
    const code = `import lib.urllib_requests as requests\nr = requests.get("${server.url}/get?a=7")\nprint(r.status_code, r.json()["args"]["a"])`;
    const r = await python(code, { http_proxy: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('200 7');
  });

  it('makes one GET per call, and returns an error status as a response', async () => {
    const code = `import lib.urllib_requests as requests\nfor a in range(3): requests.get("${server.url}/get?a=%d" % a).json()\nprint(requests.get("${server.url}/nope").status_code)`;
    await server.stats(true);
    const r = await python(code);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('404');
    expect((await server.stats(true)).requests).toBe(3);
  });
});
