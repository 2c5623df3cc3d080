/**
 * The runtimes a cell can run on, as one table: each runtime's id, where it comes from (an npm
 * package, or the running Node when the majors match) and the command that runs a cell's child
 * for each file extension — the model of Observable Framework's data loaders (extension →
 * interpreter), with the runtime as a second key. Also the pure rules around it: how a process
 * names its own runtime (for provenance and the stale hash), which table entry a reported runtime
 * is, and which cells say they cannot run where (notebooks/<chapter>/runtimes.json).
 *
 * Pure and browser-safe (core/): the CLI, the engine, the store and the notebook page's runtime
 * selector all read the same table, and core is the one layer all of them may import.
 */
import { z } from 'zod';

export const RUNTIME_IDS = ['node20', 'node22', 'node24', 'bun', 'deno', 'cpython'] as const;
export const RuntimeId = z.enum(RUNTIME_IDS);
export type RuntimeId = z.infer<typeof RuntimeId>;

/** The runtime of the committed results, the site's charts and every run that names none. */
export const REFERENCE_RUNTIME: RuntimeId = 'node20';

/** What a process says it is running on (its own globals), in provenance and the stale hash. */
export type RuntimeName = 'node' | 'bun' | 'deno' | 'cpython';

export interface RuntimeSpec {
  id: RuntimeId;
  /** How a reader sees it: "Node 22", "Bun". */
  label: string;
  name: RuntimeName;
  /** For Node: its major version. The running Node serves when its major is this one. */
  nodeMajor?: number;
  /** The npm package that provides it, the version range installed, and its binary's name. */
  npm?: { package: string; range: string; bin: string };
  /** About how much an install downloads, for the message before it starts. */
  sizeMb?: number;
  /** A runtime the system provides instead (never installed by us): its command, and how to install it. */
  system?: { command: string; install: string };
  /**
   * File extension → the arguments before the entry file. An extension missing here is one this
   * runtime cannot run: TypeScript cells run on the JavaScript runtimes, Python cells on CPython.
   */
  commands: Partial<Record<CellExtension, string[]>>;
  /** Extra environment for its processes. */
  env?: Record<string, string>;
}

// Node 22 and 24 run TypeScript natively. Plain type stripping refuses what needs a transform
// (parameter properties, enums), which some cells' helpers use; transform-types accepts them.
// Its one-line "experimental" warning would land in every run's log, so it is turned off.
const NODE_NATIVE_TS = ['--experimental-transform-types', '--disable-warning=ExperimentalWarning'];

const nodeEntry = (major: number, commands: string[], sizeMb: number): RuntimeSpec => ({
  id: `node${major}` as RuntimeId,
  label: `Node ${major}`,
  name: 'node',
  nodeMajor: major,
  npm: { package: 'node', range: `^${major}`, bin: 'node' },
  sizeMb,
  commands: { '.ts': commands, '.mts': commands },
});

/** The file extensions a cell can have. */
export const CELL_EXTENSIONS = ['.ts', '.mts', '.py'] as const;
export type CellExtension = (typeof CELL_EXTENSIONS)[number];

export const RUNTIMES: Record<RuntimeId, RuntimeSpec> = {
  // Node 20 has no TypeScript of its own: tsx (a project dependency) strips types, as always.
  node20: nodeEntry(20, ['--import', 'tsx'], 180),
  node22: nodeEntry(22, NODE_NATIVE_TS, 190),
  node24: nodeEntry(24, NODE_NATIVE_TS, 190),
  bun: {
    id: 'bun',
    label: 'Bun',
    name: 'bun',
    npm: { package: 'bun', range: '^1.2', bin: 'bun' },
    sizeMb: 105,
    // --no-install: never fetch a missing package at run time; a cell uses the project's node_modules.
    commands: { '.ts': ['--no-install'], '.mts': ['--no-install'] },
  },
  deno: {
    id: 'deno',
    label: 'Deno',
    name: 'deno',
    npm: { package: 'deno', range: '^2.1', bin: 'deno' },
    sizeMb: 95,
    // -A: a cell is code you chose to run, with your rights, as on Node. --no-lock: no deno.lock
    // in the checkout. --node-modules-dir=manual: use the project's node_modules, never change it.
    commands: {
      '.ts': ['run', '-A', '--no-lock', '--node-modules-dir=manual'],
      '.mts': ['run', '-A', '--no-lock', '--node-modules-dir=manual'],
    },
    env: { DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
  },
  // The system's python3 (Debian's 3.11; the essays' libraries are Debian packages), never from npm.
  // -B: no __pycache__ in the checkout. The Python SDK sits beside the host script (runners/python/),
  // so it is on sys.path for every cell. The label gets the real version once python3 is found.
  cpython: {
    id: 'cpython',
    label: 'CPython',
    name: 'cpython',
    system: { command: 'python3', install: 'apt-get install python3' },
    commands: { '.py': ['-B', '-X', 'utf8'] },
    env: { PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' },
  },
};

/** A runtime the page offers for a cell (those of its language), with why the cell skips it where it says so. */
export interface RuntimeChoice {
  id: RuntimeId;
  label: string;
  cannot?: string;
}

export function isRuntimeId(value: string): value is RuntimeId {
  return (RUNTIME_IDS as readonly string[]).includes(value);
}

/** The runtime named on a command line or in a request, or an error that lists the known ones. */
export function parseRuntimeId(value: string): RuntimeId | { error: string } {
  const v = value.trim().toLowerCase();
  if (isRuntimeId(v)) return v;
  return { error: `unknown runtime "${value}": known runtimes are ${RUNTIME_IDS.join(', ')}` };
}

export function extensionOf(file: string): string {
  const m = /(\.[^./\\]+)$/.exec(file);
  return m ? m[1] : '';
}

/**
 * The command line that runs `entry` on this runtime: `binary` is the resolved executable (the
 * running Node's path, or the one in the project's runtime cache). Throws for an extension the
 * runtime has no command for.
 */
export function commandLine(spec: RuntimeSpec, binary: string, entry: string): { command: string; args: string[] } {
  const ext = extensionOf(entry) as keyof RuntimeSpec['commands'];
  const before = spec.commands[ext];
  if (!before) throw new Error(`${spec.label} has no command for ${ext || 'files without an extension'} files (${entry})`);
  return { command: binary, args: [...before, entry] };
}

/** Whether this runtime has a command for the file's extension (a .py cell runs on CPython only). */
export function runsFile(spec: RuntimeSpec, file: string): boolean {
  return (spec.commands as Record<string, string[] | undefined>)[extensionOf(file)] !== undefined;
}

/**
 * A cell's own reference runtime: Node 20 for TypeScript, CPython for Python (the first runtime in
 * table order with a command for its extension). Its results live where the reference runtime's
 * always did (public/results/<chapter>/<cell>.json), and a run that names no runtime, or the
 * reference one, runs there.
 */
export function referenceRuntimeOf(file: string): RuntimeId {
  return RUNTIME_IDS.find((id) => runsFile(RUNTIMES[id], file)) ?? REFERENCE_RUNTIME;
}

/**
 * The runtime a run of this cell goes to, asked for `requested` (absent or the reference runtime:
 * the cell's own reference runtime), or why it cannot run there (its language is not that runtime's).
 */
export function runtimeForCell(file: string, requested?: RuntimeId): { runtime: RuntimeId } | { cannot: string } {
  const own = referenceRuntimeOf(file);
  if (requested === undefined || requested === REFERENCE_RUNTIME) return { runtime: own };
  if (runsFile(RUNTIMES[requested], file)) return { runtime: requested };
  const kind = extensionOf(file) === '.py' ? 'a Python cell' : 'a TypeScript cell';
  return { cannot: `${RUNTIMES[requested].label} cannot run ${kind} (this one runs on ${RUNTIMES[own].label})` };
}

/**
 * The runtime a cell's results on `runtime` are filed under: its own reference runtime's results
 * are the reference file (where a chapter's charts read them), whatever language the cell is in.
 */
export function resultsSlot(file: string, runtime: RuntimeId): RuntimeId {
  return runtime === referenceRuntimeOf(file) ? REFERENCE_RUNTIME : runtime;
}

/** Whether the running Node (of this major) can serve this runtime without an install. */
export function servedByRunningNode(spec: RuntimeSpec, runningNodeMajor: number): boolean {
  return spec.name === 'node' && spec.nodeMajor === runningNodeMajor;
}

// ---- What a process says it runs on ---------------------------------------------------------

/** A process's own account of its runtime: name, version and, where there is one, V8's version. */
export const RuntimeSelf = z.object({
  name: z.enum(['node', 'bun', 'deno', 'cpython']),
  version: z.string(),
  v8: z.string().optional(),
});
export type RuntimeSelf = z.infer<typeof RuntimeSelf>;

/** The globals a process reads its runtime from (process.versions, Deno.version). */
export interface RuntimeGlobals {
  versions: Record<string, string | undefined>;
  deno?: { deno: string; v8: string };
}

/** Pure: which runtime the globals describe. Bun and Deno also set process.versions.node, so they go first. */
export function runtimeSelf(g: RuntimeGlobals): RuntimeSelf {
  if (g.versions.bun) return { name: 'bun', version: g.versions.bun };
  if (g.deno) return { name: 'deno', version: g.deno.deno, v8: g.deno.v8 };
  return { name: 'node', version: g.versions.node ?? 'unknown', ...(g.versions.v8 ? { v8: g.versions.v8 } : {}) };
}

/**
 * The runtime as it goes into the stale hash: "node 20.20.2 (V8 11.3.244.8-node.33)" (exactly
 * what results measured before runtimes were a parameter hashed), "bun 1.2.3", "deno 2.1.4 (V8 …)".
 */
export function runtimeIdentity(self: RuntimeSelf): string {
  return `${self.name} ${self.version}${self.v8 ? ` (V8 ${self.v8})` : ''}`;
}

/** The table entry a reported runtime is, or undefined (a Node major the table does not list). */
export function runtimeIdOf(runtime: { name: string; version: string }): RuntimeId | undefined {
  if (runtime.name === 'bun' || runtime.name === 'deno' || runtime.name === 'cpython') return runtime.name;
  if (runtime.name !== 'node') return undefined;
  const id = `node${Number.parseInt(runtime.version.replace(/^v/, ''), 10)}`;
  return isRuntimeId(id) ? id : undefined;
}

/** A reader's name for a runtime as provenance records it: "Node 20.20.2", "Bun 1.2.3". */
export function runtimeLabel(name: string, version: string): string {
  const pretty: Record<string, string> = { node: 'Node', bun: 'Bun', deno: 'Deno', cpython: 'CPython' };
  return `${pretty[name] ?? name} ${version}`;
}

/** What to tell someone whose run needs a runtime that is not installed. */
export function installHint(id: RuntimeId): string {
  const s = RUNTIMES[id];
  if (s.system || !s.npm) return `install it with \`${s.system?.install ?? "your system's package manager"}\``;
  return `install it with \`npm run runtimes -- install ${id}\` (npm package ${s.npm.package}@${s.npm.range}, about ${s.sizeMb} MB, into .runtimes/${id}/)`;
}

// ---- Cells that cannot run on a runtime -------------------------------------------------------

/**
 * notebooks/<chapter>/runtimes.json: per cell (file name without .ts), the runtimes it cannot run
 * on and why. `cannotRunOn` names them one by one; `onlyOn` is the short form for "these and no
 * other", with one reason. A file of its own rather than a field in the cell: the cell's source
 * and the SDK are hashed into every result, and where a cell can run does not change its numbers.
 */
const CellRuntimes = z
  .object({
    cannotRunOn: z.record(RuntimeId, z.string().min(1)).optional(),
    onlyOn: z.array(RuntimeId).min(1).optional(),
    because: z.string().min(1).optional(),
  })
  .strict()
  .refine((c) => !c.onlyOn || c.because, { message: '"onlyOn" needs "because": why the other runtimes cannot run it' });

export const ChapterRuntimes = z.record(
  z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a cell name, as its file name without .ts'),
  CellRuntimes,
);
export type ChapterRuntimes = z.infer<typeof ChapterRuntimes>;

/** Parses a chapter's runtimes.json; a broken one is a message naming the file and the fault. */
export function parseChapterRuntimes(text: string, file: string): { ok: true; value: ChapterRuntimes } | { ok: false; message: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `${file} is not valid JSON (${(error as Error).message})` };
  }
  if (raw && typeof raw === 'object' && '$comment' in raw) {
    const { $comment: _, ...rest } = raw as Record<string, unknown>;
    raw = rest;
  }
  const parsed = ChapterRuntimes.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, message: `${file}: ${issue.path.join('.') || 'the file'}: ${issue.message}` };
  }
  return { ok: true, value: parsed.data };
}

/** Why this cell cannot run on this runtime, or undefined when it can. */
export function cannotRunReason(chapter: ChapterRuntimes | undefined, cellName: string, runtime: RuntimeId): string | undefined {
  const c = chapter?.[cellName];
  if (!c) return undefined;
  const own = c.cannotRunOn?.[runtime];
  if (own) return own;
  if (c.onlyOn && !c.onlyOn.includes(runtime)) return c.because;
  return undefined;
}
