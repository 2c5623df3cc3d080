/**
 * The runtimes on this machine: the running Node serves its own major; every other runtime is an
 * npm package installed on first use into the project's cache, .runtimes/<id>/ (gitignored;
 * AM_RUNTIMES_DIR puts it elsewhere). An install goes to a temporary folder first and is renamed
 * into place only once its binary has said what it is, so a failed or interrupted install leaves
 * nothing half-made, and two installs at once cannot mix. Nothing here touches stored results.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../core/errors.ts';
import {
  commandLine,
  installHint,
  REFERENCE_RUNTIME,
  RuntimeSelf,
  RUNTIMES,
  runtimeIdOf,
  runtimeIdentity,
  servedByRunningNode,
  type RuntimeId,
  type RuntimeSpec,
} from '../core/runtimes.ts';
import { thisRuntime } from './runtime-self.ts';

const PROBE = fileURLToPath(new URL('./runtime-probe.ts', import.meta.url));
const PYTHON_PROBE = fileURLToPath(new URL('./python/probe.py', import.meta.url));
/** The entry that makes a runtime say what it is: the TypeScript probe, or the Python one. */
const probeFor = (spec: RuntimeSpec) => (spec.commands['.py'] ? PYTHON_PROBE : PROBE);
const MARKER = 'runtime.json';

/** A runtime ready to start: its binary, and what it said it is. */
export interface ResolvedRuntime {
  /** The table id; for a running Node the table does not list, `node<major>` all the same. */
  id: string;
  spec: RuntimeSpec;
  binary: string;
  self: RuntimeSelf;
  /** Where it comes from, for messages: "the running Node", ".runtimes/bun (npm bun@^1.2)". */
  from: string;
}

/** The command line that runs `entry` (a .ts file) on a resolved runtime, and its environment. */
export function launchOf(runtime: ResolvedRuntime, entry: string): { command: string; args: string[]; env: Record<string, string> } {
  return { ...commandLine(runtime.spec, runtime.binary, entry), env: runtime.spec.env ?? {} };
}

/** The cache folder of installed runtimes. */
export function runtimesDir(root: string): string {
  return process.env.AM_RUNTIMES_DIR || join(root, '.runtimes');
}

/** A path as messages show it: project-relative inside the project, absolute elsewhere. */
function shown(root: string, path: string): string {
  const rel = relative(root, path);
  return rel && !rel.startsWith('..') ? rel : path;
}

const runningMajor = () => Number.parseInt(process.versions.node, 10);

/** The Node this process runs on, as a runtime: what every run used before runtimes were a parameter. */
export function runningNode(): ResolvedRuntime {
  const self = thisRuntime();
  const id = runtimeIdOf(self) ?? `node${runningMajor()}`;
  const spec = id in RUNTIMES ? RUNTIMES[id as RuntimeId] : { ...RUNTIMES[REFERENCE_RUNTIME], label: `Node ${runningMajor()}` };
  return { id, spec, binary: process.execPath, self, from: 'the running Node' };
}

interface Marker {
  id: RuntimeId;
  package: string;
  range: string;
  version: string;
  self: RuntimeSelf;
  installedAt: string;
}

function readMarker(dir: string): Marker | undefined {
  try {
    const raw = JSON.parse(readFileSync(join(dir, MARKER), 'utf8')) as Marker;
    return { ...raw, self: RuntimeSelf.parse(raw.self) };
  } catch {
    return undefined;
  }
}

const binaryIn = (dir: string, spec: RuntimeSpec) => join(dir, 'node_modules', '.bin', spec.npm?.bin ?? spec.id);

/**
 * A system runtime's binary: AM_PYTHON (for python3) when set, else the system's own
 * (/usr/bin/<command>, Debian's, whose packages the essays' code uses), else the first on PATH.
 */
function systemBinary(command: string): string | undefined {
  const override = command === 'python3' ? process.env.AM_PYTHON : undefined;
  if (override !== undefined) return override && existsSync(override) ? override : undefined;
  const dirs = ['/usr/bin', ...(process.env.PATH ?? '').split(delimiter).filter(Boolean)];
  return dirs.map((d) => join(d, command)).find((p) => existsSync(p));
}

const systemSelves = new Map<string, RuntimeSelf | null>();

/** A system runtime, asked once per binary what it is (a few milliseconds); undefined when it is not there or does not run. */
function findSystemRuntime(root: string, spec: RuntimeSpec, system: NonNullable<RuntimeSpec['system']>): ResolvedRuntime | undefined {
  const binary = systemBinary(system.command);
  if (!binary) return undefined;
  if (!systemSelves.has(binary)) {
    let self: RuntimeSelf | null = null;
    try {
      const { command, args } = commandLine(spec, binary, probeFor(spec));
      const out = execFileSync(command, args, { cwd: root, encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] });
      self = RuntimeSelf.parse(JSON.parse(out.trim().split('\n').pop() ?? ''));
    } catch {
      self = null;
    }
    systemSelves.set(binary, self);
  }
  const self = systemSelves.get(binary);
  if (!self) return undefined;
  // "CPython 3.11": the label says which one this machine has.
  const label = `${spec.label} ${self.version.split('.').slice(0, 2).join('.')}`;
  return { id: spec.id, spec: { ...spec, label }, binary, self, from: binary };
}

/** The runtime if it is usable now (the running Node, a complete install of the table's range, the system's python3), else undefined. */
export function findRuntime(root: string, id: RuntimeId): ResolvedRuntime | undefined {
  const spec = RUNTIMES[id];
  if (spec.system) return findSystemRuntime(root, spec, spec.system);
  const npm = spec.npm;
  if (!npm) return undefined;
  if (servedByRunningNode(spec, runningMajor())) return runningNode();
  const dir = join(runtimesDir(root), id);
  const marker = readMarker(dir);
  const binary = binaryIn(dir, spec);
  if (!marker || marker.range !== npm.range || marker.package !== npm.package || !existsSync(binary)) return undefined;
  return { id, spec, binary, self: marker.self, from: `${shown(root, dir)} (npm ${npm.package}@${marker.version})` };
}

/** A runtime that is needed and not there: "needs bun: …" with how to install it. */
export class RuntimeMissingError extends UserError {
  override name = 'RuntimeMissingError';
  constructor(
    readonly runtime: RuntimeId,
    why: string,
    extraHint = '',
  ) {
    super(`needs ${RUNTIMES[runtime].system?.command ?? runtime}: ${why}`, `${installHint(runtime)}${extraHint}`);
  }
}

function dirBytes(dir: string): number {
  let total = 0;
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) total += dirBytes(p);
    else
      try {
        total += lstatSync(p).size;
      } catch {
        /* gone while we counted */
      }
  }
  return total;
}

/** npm's own words for why it failed: the request that failed, else its first "npm error" lines. */
export function npmFailure(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^npm (error|ERR!)/.test(l))
    .map((l) => l.replace(/^npm (error|ERR!)\s*/, ''))
    .filter((l) => l && !/^at |^A complete log of this run/.test(l));
  const request = lines.find((l) => /request to .* failed/.test(l));
  const text = request
    ? request.replace(/^(network|FetchError:)\s*/, '')
    : (lines.length ? lines.slice(0, 3) : stderr.trim().split('\n').slice(-2)).join('; ');
  return text.length > 400 ? text.slice(0, 397) + '...' : text || 'no output';
}

function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.once('error', (error) => resolve({ code: null, stdout, stderr: stderr + `\nnpm error ${error.message}` }));
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Asks a runtime what it is, with the same command line a cell's child gets. */
export async function probe(root: string, spec: RuntimeSpec, binary: string): Promise<RuntimeSelf> {
  const { command, args } = commandLine(spec, binary, probeFor(spec));
  const out = await run(command, args, { cwd: root, env: { ...process.env, ...spec.env } });
  const line = out.stdout.trim().split('\n').pop() ?? '';
  try {
    return RuntimeSelf.parse(JSON.parse(line));
  } catch {
    throw new Error(`${spec.label} did not start (exit code ${out.code}): ${(out.stderr.trim() || out.stdout.trim()).slice(0, 400)}`);
  }
}

export interface InstallOptions {
  /** One line at a time: what is happening, and while npm works, how far it got. */
  onProgress?: (text: string) => void;
  /** Install again even when a complete install is there. */
  force?: boolean;
}

/** Installs a runtime from npm into the cache; throws RuntimeMissingError saying what failed. */
export async function installRuntime(root: string, id: RuntimeId, options: InstallOptions = {}): Promise<ResolvedRuntime> {
  const spec = RUNTIMES[id];
  const say = options.onProgress ?? (() => {});
  const existing = findRuntime(root, id);
  if (existing && !options.force) return existing;
  const npmSpec = spec.npm;
  // The system's runtime (python3) is the system's to install: say how, install nothing.
  if (spec.system || !npmSpec) {
    if (existing) return existing;
    const where =
      spec.system?.command === 'python3' && process.env.AM_PYTHON ? `AM_PYTHON=${process.env.AM_PYTHON}` : '/usr/bin and on PATH';
    throw new RuntimeMissingError(id, `it is not on this machine (looked in ${where})`);
  }
  if (servedByRunningNode(spec, runningMajor())) return runningNode();
  const base = runtimesDir(root);
  const final = join(base, id);
  const temp = join(base, `.install-${id}-${process.pid}-${Date.now()}`);
  const what = `${npmSpec.package}@${npmSpec.range}`;
  say(`installing ${id} from npm (${what}, about ${spec.sizeMb} MB) into ${shown(root, final)}/ ...`);
  const started = performance.now();
  mkdirSync(temp, { recursive: true });
  const ticker = setInterval(() => {
    const s = Math.round((performance.now() - started) / 1000);
    say(`installing ${id}: ${s} s, ${Math.round(dirBytes(temp) / 2 ** 20)} MB so far`);
  }, 2000);
  try {
    // Its errors always (a `npm run -s` above us would silence them), and one quick retry: offline,
    // npm's defaults would keep a run waiting for over a minute before saying so.
    const flags = ['--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', '--fetch-retries=1'];
    const npm = await run('npm', ['install', '--prefix', temp, ...flags, '--fetch-retry-mintimeout=2000', what], { cwd: temp });
    if (npm.code !== 0)
      throw new RuntimeMissingError(
        id,
        `it is not installed, and installing it failed: \`npm install ${what}\` exited with ${npm.code === null ? 'an error' : `code ${npm.code}`} (${npmFailure(npm.stderr)})`,
        ' once the npm registry is reachable',
      );
    const binary = binaryIn(temp, spec);
    let self: RuntimeSelf;
    try {
      self = await probe(root, spec, binary);
    } catch (error) {
      throw new RuntimeMissingError(id, `it was installed but does not run here: ${(error as Error).message}`);
    }
    if (runtimeIdOf(self) !== id)
      throw new RuntimeMissingError(id, `npm's ${what} runs as ${runtimeIdentity(self)}, which is not ${spec.label}`);
    const version = (JSON.parse(readFileSync(join(temp, 'node_modules', npmSpec.package, 'package.json'), 'utf8')) as { version: string })
      .version;
    const marker: Marker = { id, package: npmSpec.package, range: npmSpec.range, version, self, installedAt: new Date().toISOString() };
    writeFileSync(join(temp, MARKER), JSON.stringify(marker, null, 1) + '\n');
    rmSync(final, { recursive: true, force: true }); // an outdated or broken install of this runtime
    try {
      renameSync(temp, final);
    } catch (error) {
      // Another install finished first: use it if it is complete.
      const other = findRuntime(root, id);
      if (!other) throw error;
    }
    say(`installed ${id}: ${runtimeIdentity(self)} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const found = findRuntime(root, id);
    if (!found) throw new RuntimeMissingError(id, `the install in ${final} is incomplete`);
    return found;
  } finally {
    clearInterval(ticker);
    rmSync(temp, { recursive: true, force: true });
  }
}

/** The runtime, installing it on first use (unless `install` is false); or a RuntimeMissingError. */
export async function resolveRuntime(
  root: string,
  id: RuntimeId,
  options: InstallOptions & { install?: boolean } = {},
): Promise<ResolvedRuntime> {
  const found = findRuntime(root, id);
  if (found) return found;
  if (options.install === false) throw new RuntimeMissingError(id, 'it is not installed');
  return installRuntime(root, id, options);
}
