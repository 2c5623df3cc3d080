/**
 * Reads a cell's local import graph (through esbuild, the parser tsx itself uses; for a Python
 * cell, its `import`s of modules beside it, and the Python SDK and host) and hashes it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { build } from 'esbuild';
import { sourceHash, type HashInput } from './stale.ts';
import { runtimeId } from './provenance-fs.ts';
import type { SourceHash } from '../core/protocol.ts';

// Modules loaded by path rather than imported (a worker's script, a child process's entry, a
// Python script a TypeScript module starts): `new URL('./lib/worker.mjs', import.meta.url)`. They
// are part of the cell all the same.
const URL_REFERENCE = /new URL\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*,\s*import\.meta\.url\s*\)/g;

// What every Python cell runs with, as every TypeScript cell's graph holds runners/sdk.ts and child's imports.
const PYTHON_RUNNER = ['runners/python/sdk.py', 'runners/python/child.py'];
// `import x`, `import x.y`, `from x import`, `from .x import`: the first name, resolved beside the importing file.
const PYTHON_IMPORT = /^\s*(?:from\s+(\.?)([A-Za-z_][\w.]*)\s+import|import\s+([A-Za-z_][\w.]*))/gm;

// Where Python cells' shared plumbing lives: the host puts it last on sys.path (runners/python/child.py).
const PYTHON_SHARED = 'notebooks/lib';

// A TypeScript file a Python module runs by name ("bridge.ts", beside it): part of the cell too.
const PYTHON_TS_REFERENCE = /["']([\w.-]+\.ts)["']/g;

/**
 * A Python file's local imports, transitively, itself included: modules beside it, else in
 * notebooks/lib; and the TypeScript files they run by name, into `scripts`.
 */
function pythonInputs(file: string, seen: Set<string>, shared: string, scripts: Set<string>): void {
  if (seen.has(file)) return;
  seen.add(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return;
  }
  for (const m of text.matchAll(PYTHON_TS_REFERENCE)) {
    const script = join(dirname(file), m[1]);
    if (existsSync(script)) scripts.add(script);
  }
  for (const m of text.matchAll(PYTHON_IMPORT)) {
    const parts = (m[2] ?? m[3]).split('.');
    for (const dir of [dirname(file), shared]) {
      const found = [join(dir, ...parts) + '.py', join(dir, ...parts, '__init__.py')].find((c) => existsSync(c));
      if (found) {
        pythonInputs(found, seen, shared, scripts);
        break;
      }
    }
  }
}

/** Project files the cell imports or loads by URL, transitively, itself included; packages are left out. */
export async function localInputs(root: string, file: string, seen = new Set<string>()): Promise<string[]> {
  if (file.endsWith('.py')) {
    const scripts = new Set<string>();
    pythonInputs(file, seen, join(root, PYTHON_SHARED), scripts);
    for (const p of PYTHON_RUNNER) seen.add(join(root, p));
    for (const script of scripts) if (!seen.has(script)) await localInputs(root, script, seen);
    return [...seen];
  }
  seen.add(file);
  for (const input of await importGraph(root, file)) seen.add(input);
  for (const input of [...seen]) {
    let text: string;
    try {
      text = readFileSync(input, 'utf8');
    } catch {
      continue;
    }
    for (const m of text.matchAll(URL_REFERENCE)) {
      const target = resolve(dirname(input), m[1]);
      if (seen.has(target) || !existsSync(target)) continue;
      if (/\.[cm]?[jt]s$/.test(target)) await localInputs(root, target, seen);
      // A script run by python3 (hello's epoll responder), with the modules it imports beside it.
      else if (target.endsWith('.py')) pythonInputs(target, seen, join(root, PYTHON_SHARED), new Set());
    }
  }
  return [...seen];
}

async function importGraph(root: string, file: string): Promise<string[]> {
  try {
    const result = await build({
      entryPoints: [file],
      absWorkingDir: root,
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      logLevel: 'silent',
    });
    return Object.keys(result.metafile.inputs)
      .map((p) => resolve(root, p))
      .filter((p) => !p.includes('/node_modules/'));
  } catch {
    return [file]; // a cell that does not compile: its own source is all we can hash
  }
}

/** The cell's files as they are now: what a run hashes once it knows the runtime it ran on. */
export async function readInputs(root: string, file: string): Promise<HashInput[]> {
  return (await localInputs(root, file)).map((p) => ({ path: relative(root, p), content: readFileSync(p, 'utf8') }));
}

/** The hash of these inputs on this runtime (its identity, as `runtimeIdentity` writes it), naming the runtime. */
export function hashOn(inputs: HashInput[], runtime: string): SourceHash {
  return { ...sourceHash(inputs, runtime), runtime };
}

/**
 * The hash a fresh results file for this cell would carry now, on `runtime` (an identity such as
 * "bun 1.2.3"; by default the Node running this process).
 */
export async function currentHash(root: string, file: string, runtime = runtimeId()): Promise<SourceHash> {
  return hashOn(await readInputs(root, file), runtime);
}
