/**
 * Describes a cell's parameters, or checks edited values, by asking a short-lived child process
 * (runners/bin/describe-cell.ts, or runners/python/describe.py for a Python cell) that loads the cell. Descriptions are remembered per source
 * text, so opening a form twice spawns once; at most MAX_CONCURRENT children run at once, the
 * other requests wait their turn, so no burst of requests can fill the machine with processes.
 */
import type { RunPreset } from '../core/protocol.ts';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DESCRIBE_MARKER, type ParamsDescription, type ParamsIssue } from './describe.ts';
import { UserError } from '../core/errors.ts';
import { signalGroup, trackGroup } from './process-group.ts';
import { launchOf, resolveRuntime } from './runtimes-fs.ts';

const ENTRY = fileURLToPath(new URL('./bin/describe-cell.ts', import.meta.url));
const PYTHON_ENTRY = fileURLToPath(new URL('./python/describe.py', import.meta.url));
const TIMEOUT_MS = 30_000;
export const MAX_CONCURRENT = 2;

type Answer = { plain: true } | { description: ParamsDescription } | { issues: ParamsIssue[] } | { error: string };

let running = 0;
const waiting: (() => void)[] = [];

/** Runs `task` when fewer than MAX_CONCURRENT asks are running; first come, first served. */
async function limited<T>(task: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT) await new Promise<void>((go) => waiting.push(go));
  running++;
  try {
    return await task();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** How many describe processes run now (for tests). */
export function describeProcessesRunning(): number {
  return running;
}

/** The answer in the child's output, or why there is none. */
export function readAnswer(out: string, err: string): Answer | UserError {
  const line = out
    .split('\n')
    .reverse()
    .find((l) => l.startsWith(DESCRIBE_MARKER));
  if (!line) return new UserError(`could not load the cell to read its parameters${err ? `: ${err.trim().split('\n').pop()}` : ''}`);
  try {
    const answer = JSON.parse(line.slice(DESCRIBE_MARKER.length)) as unknown;
    if (answer && typeof answer === 'object') return answer as Answer;
  } catch {
    /* falls through */
  }
  return new UserError("the cell's parameters could not be read: its describe answer is not valid JSON");
}

function ask(root: string, args: string[]): Promise<Answer> {
  return limited(() => spawnAsk(root, args));
}

/** The describing child's command: Node with tsx for a TypeScript cell, CPython (the system's python3) for a Python one. */
async function describer(root: string, file: string): Promise<{ command: string; args: string[]; env: NodeJS.ProcessEnv }> {
  if (!file.endsWith('.py')) return { command: process.execPath, args: ['--import', 'tsx', ENTRY], env: process.env };
  const launch = launchOf(await resolveRuntime(root, 'cpython', { install: false }), PYTHON_ENTRY);
  return { command: launch.command, args: launch.args, env: { ...process.env, ...launch.env } };
}

async function spawnAsk(root: string, args: string[]): Promise<Answer> {
  const how = await describer(root, args[0]!);
  return new Promise((resolve, reject) => {
    const child = spawn(how.command, [...how.args, ...args], {
      cwd: root,
      env: how.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const forget = child.pid !== undefined ? trackGroup(child.pid) : () => {};
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out = (out + d).slice(-1_000_000)));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err = (err + d).slice(-4000)));
    const timer = setTimeout(() => signalGroup(child.pid!, 'SIGKILL'), TIMEOUT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      forget();
      reject(error);
    });
    child.once('close', () => {
      clearTimeout(timer);
      signalGroup(child.pid!, 'SIGKILL'); // anything the cell's imports started
      forget();
      const answer = readAnswer(out, err);
      if (answer instanceof UserError) reject(answer);
      else resolve(answer);
    });
  });
}

/** Descriptions by source text, kept as promises so concurrent requests for one cell share a child. */
const described = new Map<string, Promise<ParamsDescription | undefined>>();

/** The cell's parameters and presets; undefined for a plain script. */
export function describeCell(root: string, file: string): Promise<ParamsDescription | undefined> {
  const key = createHash('sha256').update(file).update(readFileSync(file)).digest('hex');
  let description = described.get(key);
  if (!description) {
    description = ask(root, [file]).then((answer) => {
      if ('error' in answer) throw new UserError(`the cell could not be loaded: ${answer.error}`);
      return 'description' in answer ? answer.description : undefined;
    });
    described.set(key, description);
    description.catch(() => described.delete(key)); // a failure is asked again next time
  }
  return description;
}

/** The schema's verdict on edited values over a preset: [] when they are fine. */
export async function checkCellParams(
  root: string,
  file: string,
  preset: RunPreset,
  edits: Record<string, unknown>,
): Promise<ParamsIssue[]> {
  const answer = await ask(root, [file, '--check', preset, JSON.stringify(edits)]);
  if ('error' in answer) throw new UserError(`the cell could not be loaded: ${answer.error}`);
  return 'issues' in answer ? answer.issues : [];
}
