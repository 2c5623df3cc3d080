import { describe, expect, it } from 'vitest';
import {
  cannotRunReason,
  commandLine,
  installHint,
  parseChapterRuntimes,
  parseRuntimeId,
  REFERENCE_RUNTIME,
  referenceRuntimeOf,
  resultsSlot,
  runtimeForCell,
  runsFile,
  RUNTIME_IDS,
  RUNTIMES,
  runtimeIdentity,
  runtimeIdOf,
  runtimeLabel,
  runtimeSelf,
  servedByRunningNode,
} from './runtimes.ts';

describe('the runtime table', () => {
  it('lists Node 20, 22, 24, Bun, Deno and CPython, Node 20 the reference', () => {
    expect(RUNTIME_IDS).toEqual(['node20', 'node22', 'node24', 'bun', 'deno', 'cpython']);
    expect(REFERENCE_RUNTIME).toBe('node20');
    for (const id of RUNTIME_IDS) expect(RUNTIMES[id].id).toBe(id);
  });

  it('gets each runtime from npm, one major (or one line) at a time', () => {
    expect(RUNTIMES.node22.npm).toEqual({ package: 'node', range: '^22', bin: 'node' });
    expect(RUNTIMES.bun.npm).toMatchObject({ package: 'bun', bin: 'bun' });
    expect(RUNTIMES.deno.npm).toMatchObject({ package: 'deno', bin: 'deno' });
  });

  it('lets the running Node serve its own major only', () => {
    expect(servedByRunningNode(RUNTIMES.node20, 20)).toBe(true);
    expect(servedByRunningNode(RUNTIMES.node22, 20)).toBe(false);
    expect(servedByRunningNode(RUNTIMES.node22, 22)).toBe(true);
    expect(servedByRunningNode(RUNTIMES.bun, 20)).toBe(false);
  });

  it('reads runtime names from the command line, refusing unknown ones with the list', () => {
    expect(parseRuntimeId('Bun')).toBe('bun');
    expect(parseRuntimeId('node24')).toBe('node24');
    expect(parseRuntimeId('node18')).toEqual({
      error: expect.stringContaining('known runtimes are node20, node22, node24, bun, deno, cpython'),
    });
  });

  it('takes CPython from the system, not npm, and says how to install it', () => {
    expect(RUNTIMES.cpython.npm).toBeUndefined();
    expect(RUNTIMES.cpython.system).toEqual({ command: 'python3', install: 'apt-get install python3' });
    expect(installHint('cpython')).toBe('install it with `apt-get install python3`');
    expect(commandLine(RUNTIMES.cpython, '/usr/bin/python3', '/p/runners/python/child.py')).toEqual({
      command: '/usr/bin/python3',
      args: ['-B', '-X', 'utf8', '/p/runners/python/child.py'],
    });
    expect(runtimeIdOf({ name: 'cpython', version: '3.11.2' })).toBe('cpython');
    expect(runtimeIdentity(runtimeSelf({ versions: { node: '20.1.0' } }))).toMatch(/^node /);
    expect(runtimeLabel('cpython', '3.11.2')).toBe('CPython 3.11.2');
  });
});

describe('which runtime a cell runs on (its language)', () => {
  it('runs a .ts cell on the JavaScript runtimes and a .py cell on CPython', () => {
    expect(runsFile(RUNTIMES.node20, 'a/b.ts')).toBe(true);
    expect(runsFile(RUNTIMES.cpython, 'a/b.ts')).toBe(false);
    expect(runsFile(RUNTIMES.cpython, 'a/b.py')).toBe(true);
    expect(runsFile(RUNTIMES.bun, 'a/b.py')).toBe(false);
    expect(referenceRuntimeOf('a/b.ts')).toBe('node20');
    expect(referenceRuntimeOf('a/b.py')).toBe('cpython');
  });

  it("sends a run that names no runtime, or the reference one, to the cell's own reference runtime", () => {
    expect(runtimeForCell('x.py')).toEqual({ runtime: 'cpython' });
    expect(runtimeForCell('x.py', 'node20')).toEqual({ runtime: 'cpython' });
    expect(runtimeForCell('x.py', 'cpython')).toEqual({ runtime: 'cpython' });
    expect(runtimeForCell('x.ts', 'bun')).toEqual({ runtime: 'bun' });
    expect(runtimeForCell('x.ts')).toEqual({ runtime: 'node20' });
  });

  it('says why a runtime of the other language cannot run it', () => {
    expect(runtimeForCell('x.py', 'bun')).toEqual({ cannot: 'Bun cannot run a Python cell (this one runs on CPython)' });
    expect(runtimeForCell('x.ts', 'cpython')).toEqual({ cannot: 'CPython cannot run a TypeScript cell (this one runs on Node 20)' });
  });

  it("files a cell's own reference runtime's results in the reference place", () => {
    expect(resultsSlot('x.py', 'cpython')).toBe('node20');
    expect(resultsSlot('x.ts', 'node20')).toBe('node20');
    expect(resultsSlot('x.ts', 'bun')).toBe('bun');
  });
});

describe('command lines (file extension × runtime)', () => {
  const child = '/p/runners/child.ts';

  it('runs a .ts entry through tsx on Node 20, as before', () => {
    expect(commandLine(RUNTIMES.node20, '/usr/bin/node', child)).toEqual({ command: '/usr/bin/node', args: ['--import', 'tsx', child] });
  });

  it('uses Node 22 and 24 native TypeScript, with transforms (parameter properties) and no warning line', () => {
    for (const id of ['node22', 'node24'] as const)
      expect(commandLine(RUNTIMES[id], '/c/node', child).args).toEqual([
        '--experimental-transform-types',
        '--disable-warning=ExperimentalWarning',
        child,
      ]);
  });

  it('runs Bun without auto-install and Deno with every permission, no lock file, the project node_modules', () => {
    expect(commandLine(RUNTIMES.bun, '/c/bun', child)).toEqual({ command: '/c/bun', args: ['--no-install', child] });
    expect(commandLine(RUNTIMES.deno, '/c/deno', child)).toEqual({
      command: '/c/deno',
      args: ['run', '-A', '--no-lock', '--node-modules-dir=manual', child],
    });
    expect(RUNTIMES.deno.env).toMatchObject({ DENO_NO_UPDATE_CHECK: '1' });
  });

  it('refuses an extension the runtime has no command for', () => {
    expect(() => commandLine(RUNTIMES.bun, '/c/bun', '/p/cell.py')).toThrow(/Bun has no command for \.py files/);
  });
});

describe('what a process says it runs on', () => {
  it('names Node exactly as the stale hash always has', () => {
    const self = runtimeSelf({ versions: { node: '20.20.2', v8: '11.3.244.8-node.33' } });
    expect(self).toEqual({ name: 'node', version: '20.20.2', v8: '11.3.244.8-node.33' });
    expect(runtimeIdentity(self)).toBe('node 20.20.2 (V8 11.3.244.8-node.33)');
  });

  it('tells Bun and Deno from the Node they emulate', () => {
    const bun = runtimeSelf({ versions: { node: '24.3.0', bun: '1.2.3', webkit: 'abc' } });
    expect(runtimeIdentity(bun)).toBe('bun 1.2.3');
    const deno = runtimeSelf({ versions: { node: '24.2.0' }, deno: { deno: '2.1.4', v8: '13.0.245.12-rusty' } });
    expect(runtimeIdentity(deno)).toBe('deno 2.1.4 (V8 13.0.245.12-rusty)');
  });

  it('maps a reported runtime to its table entry', () => {
    expect(runtimeIdOf({ name: 'node', version: '20.20.2' })).toBe('node20');
    expect(runtimeIdOf({ name: 'node', version: 'v24.1.0' })).toBe('node24');
    expect(runtimeIdOf({ name: 'node', version: '21.7.0' })).toBeUndefined();
    expect(runtimeIdOf({ name: 'bun', version: '1.2.3' })).toBe('bun');
    expect(runtimeIdOf({ name: 'deno', version: '2.1.4' })).toBe('deno');
  });

  it('labels runtimes for readers', () => {
    expect(runtimeLabel('node', '20.20.2')).toBe('Node 20.20.2');
    expect(runtimeLabel('bun', '1.2.3')).toBe('Bun 1.2.3');
  });

  it('says how to install a missing runtime', () => {
    expect(installHint('bun')).toMatch(
      /^install it with `npm run runtimes -- install bun` \(npm package bun@\^1\.2, about \d+ MB, into \.runtimes\/bun\/\)$/,
    );
  });
});

describe('cells that cannot run on a runtime (runtimes.json)', () => {
  const parse = (value: unknown) => parseChapterRuntimes(JSON.stringify(value), 'notebooks/ch/runtimes.json');

  it('reads reasons one by one, and onlyOn with one reason', () => {
    const r = parse({
      $comment: 'why this file exists',
      a: { cannotRunOn: { bun: 'no fd passing' } },
      b: { onlyOn: ['node20'], because: 'a native addon built for Node 20' },
    });
    expect(r.ok).toBe(true);
    const v = r.ok ? r.value : undefined;
    expect(cannotRunReason(v, 'a', 'bun')).toBe('no fd passing');
    expect(cannotRunReason(v, 'a', 'deno')).toBeUndefined();
    expect(cannotRunReason(v, 'b', 'node20')).toBeUndefined();
    expect(cannotRunReason(v, 'b', 'node22')).toBe('a native addon built for Node 20');
    expect(cannotRunReason(v, 'c', 'bun')).toBeUndefined();
    expect(cannotRunReason(undefined, 'a', 'bun')).toBeUndefined();
  });

  it('refuses typos and missing reasons, naming the file and the place', () => {
    expect(parse({ a: { cannotRunOn: { bunn: 'x' } } })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^notebooks\/ch\/runtimes\.json: a\.cannotRunOn/),
    });
    expect(parse({ a: { onlyOn: ['node20'] } })).toMatchObject({ ok: false, message: expect.stringContaining('"onlyOn" needs "because"') });
    expect(parse({ a: { skip: true } })).toMatchObject({ ok: false });
    expect(parseChapterRuntimes('{ torn', 'f.json')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^f\.json is not valid JSON/),
    });
  });
});
