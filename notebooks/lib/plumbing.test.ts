// plumbing.py, run for real by python3: it answers with the same pinning plan as cpus.ts, and a
// service it started ends with the Python process that started it, even one killed outright.
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { shapeCeiling } from '../servers/lib/ceiling.ts';
import { isAlive as alive } from '../../store/pid.ts';
import { detectPinning } from './cpus.ts';

const LIB = fileURLToPath(new URL('.', import.meta.url));
const PYTHON = process.env.AM_PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
const env = { ...process.env, AM_NODE: process.execPath, PYTHONPATH: LIB, PYTHONDONTWRITEBYTECODE: '1' };

function python(code: string): string {
  const done = spawnSync(PYTHON, ['-c', code], { env, encoding: 'utf8' });
  if (done.status !== 0) throw new Error(done.stderr);
  return done.stdout.trim();
}

describe('plumbing.py', () => {
  it('gives the pinning plan cpus.ts gives, and judges the ceiling as ceiling.ts does (10 % below it is limited)', () => {
    expect(JSON.parse(python('import json, plumbing; print(json.dumps(plumbing.pinning()))'))).toEqual(detectPinning());
    const shape = [
      { server: 'canned', requestsPerSec: 100 },
      { server: 'a', requestsPerSec: 95 },
      { server: 'b', requestsPerSec: 80 },
    ];
    expect(
      JSON.parse(python(`import json, plumbing; print(json.dumps(plumbing.shape_ceiling(${JSON.stringify(shape)}, "canned")))`)),
    ).toEqual(shapeCeiling(shape, 'canned'));
    expect(shapeCeiling(shape, 'canned').limited).toEqual([true, true, false]);
    expect(python('import plumbing; print(plumbing.pinned("0", ["x"]), plumbing.pinned(None, ["x"]))')).toBe(
      "['taskset', '-c', '0', 'x'] ['x']",
    );
  });

  it('answers many questions through one bridge, which ends with the Python process', async () => {
    const out = python(
      'import json, plumbing\npids = set()\nfor _ in range(3):\n    plumbing.pinning(); pids.add(plumbing._calls.process.pid)\nprint(json.dumps(sorted(pids)))',
    );
    const pids = JSON.parse(out) as number[];
    expect(pids).toHaveLength(1);
    while (alive(pids[0])) await new Promise((r) => setTimeout(r, 50)); // waits on state
    expect(() => python('import plumbing\nplumbing._call("nope")')).toThrow(/nope: unknown verb "nope"/);
  });

  it('names an unknown service and a failed call', () => {
    const done = spawnSync(PYTHON, ['-c', 'import plumbing\nwith plumbing.service("nope"): pass'], { env, encoding: 'utf8' });
    expect(done.status).not.toBe(0);
    expect(done.stderr).toContain('unknown service "nope"');
  });

  it("reads the latency server's counters: the most requests it held at once, then reset", () => {
    const code = [
      'import json, urllib.request, plumbing',
      'from concurrent.futures import ThreadPoolExecutor',
      'with plumbing.service("latency", {"delayMs": 300, "jitterMs": 0}) as s:',
      '    with ThreadPoolExecutor(4) as ex: list(ex.map(lambda a: urllib.request.urlopen(s["url"] + f"/get?a={a}").read(), range(4)))',
      '    print(json.dumps([s["stats"](True), s["stats"]()]))',
    ].join('\n');
    expect(JSON.parse(python(code))).toEqual([
      { requests: 4, peakInFlight: 4 },
      { requests: 0, peakInFlight: 0 },
    ]);
  });

  it('stops a service when the Python process that started it is killed', async () => {
    const code = [
      'import json, sys, time, urllib.request, plumbing',
      'with plumbing.service("latency", {"delayMs": 1, "jitterMs": 0}) as s:',
      '    body = json.loads(urllib.request.urlopen(s["url"] + "/get?a=7").read())',
      '    print(json.dumps({"pid": s["pid"], "a": body["args"]["a"]}), flush=True)',
      '    time.sleep(600)',
    ].join('\n');
    const child = spawn(PYTHON, ['-c', code], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    const first = await new Promise<string>((resolve) => child.stdout.once('data', (d) => resolve(String(d))));
    const { pid, a } = JSON.parse(first) as { pid: number; a: string };
    expect(a).toBe('7');
    expect(alive(pid)).toBe(true);
    child.kill('SIGKILL');
    while (alive(pid)) await new Promise((r) => setTimeout(r, 50)); // waits on state; the test's timeout bounds it
  }, 60_000);
});
