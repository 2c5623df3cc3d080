// json_line_child.py, run for real by python3 against tiny Python children: answers come back in
// order whatever thread asks, an {"error"} answer is raised naming what was asked, and a child that
// ended (a closed pipe) is an error naming it and its exit code; `restart` starts it again.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const LIB = fileURLToPath(new URL('.', import.meta.url));
const PYTHON = process.env.AM_PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

// A child that echoes {"n"} doubled, answers {"error"} to {"fail"}, and exits 3 on {"exit"}.
const ECHO = [
  'import json, sys',
  'for line in sys.stdin:',
  '    q = json.loads(line)',
  '    if "exit" in q: sys.exit(3)',
  '    print(json.dumps({"error": "asked to fail"} if "fail" in q else {"n": q["n"] * 2}), flush=True)',
].join('\n');

function python(code: string): string {
  const env = { ...process.env, PYTHONPATH: LIB, PYTHONDONTWRITEBYTECODE: '1' };
  const done = spawnSync(PYTHON, ['-c', `import sys\nfrom json_line_child import JsonLineChild\nECHO = ${JSON.stringify(ECHO)}\n${code}`], {
    env,
    encoding: 'utf8',
  });
  if (done.status !== 0) throw new Error(done.stderr);
  return done.stdout.trim();
}

describe('json_line_child.py', () => {
  it('answers questions in order, from many threads at once', () => {
    const out = python(
      [
        'from concurrent.futures import ThreadPoolExecutor',
        'c = JsonLineChild([sys.executable, "-c", ECHO], name="echo").start()',
        'with ThreadPoolExecutor(8) as ex: got = list(ex.map(lambda n: c.ask({"n": n})["n"], range(200)))',
        'print(got == [2 * n for n in range(200)])',
        'c.close()',
        'print(c.running)',
      ].join('\n'),
    );
    expect(out).toBe('True\nFalse');
  });

  it('raises an {"error"} answer and a child that ended, as the error it is given', () => {
    const out = python(
      [
        'class Oops(RuntimeError): pass',
        'c = JsonLineChild([sys.executable, "-c", ECHO], name="echo", error=Oops).start()',
        'for q in ({"fail": 1}, {"exit": 1}, {"n": 1}):',
        '    try: c.ask(q, about="q")',
        '    except Oops as e: print(e)',
      ].join('\n'),
    );
    expect(out.split('\n')).toEqual(['q: asked to fail', 'q: echo ended (exit code 3)', 'q: echo ended (exit code 3)']);
  });

  it('starts a restartable child on the first question and again after it ended; not one that was never started', () => {
    const out = python(
      [
        'c = JsonLineChild([sys.executable, "-c", ECHO], name="echo", restart=True)',
        'first = c.ask({"n": 1}); pid = c.process.pid',
        'try: c.ask({"exit": 1})',
        'except RuntimeError: pass',
        'print(first["n"], c.ask({"n": 2})["n"], c.process.pid != pid)',
        'c.close()',
        'try: JsonLineChild(["true"], name="idle").ask({"n": 1})',
        'except RuntimeError as e: print(e)',
      ].join('\n'),
    );
    expect(out).toBe('2 4 True\nidle: idle was not started');
  });
});
