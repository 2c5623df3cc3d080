/**
 * Start a (pinned) child process and read its JSON answer: what a cell does whenever the thing it
 * measures must not share its event loop, its heap or its core (a load generator, a fresh Node for
 * one microbenchmark trial, N bare tasks in a process of their own). The child prints its answer
 * as one line of JSON on stdout, after anything else it prints; its stderr is kept, and when it
 * fails, or answers nothing that parses, the error names the child and ends with its stderr's tail.
 *
 * - `childJson(options)`: run to the end, then parse the last non-empty line of stdout.
 * - `childOutput(options)`: run to the end, then all of stdout (for tools that print text: wrk, ab).
 * - `startChild(options)`: a long-lived child asked one question per stdin line, answering one JSON
 *   line each (so trials interleave without a process start each).
 *
 * Pinning: `cpus` is a taskset CPU list (detectPinning's `server` or `generator`), or null.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { pinnedCommand } from './cpus.ts';

export interface ChildOptions {
  /** What errors call it: "the load generator (wrk)", "the trial process". */
  name: string;
  command: string;
  args: string[];
  /** taskset CPU list to pin it to; null or absent runs it unpinned. */
  cpus?: string | null;
  /** Aborting kills the child (the run is being stopped). */
  signal?: AbortSignal;
}

/** A child that failed, with what it said on stderr. */
export class ChildError extends Error {
  override name = 'ChildError';
  constructor(
    message: string,
    readonly stderr: string,
  ) {
    super(message);
  }
}

const TAIL_CHARS = 800;

/** Pure: the end of a child's stderr, short enough for an error message. */
export function stderrTail(stderr: string, max = TAIL_CHARS): string {
  const text = stderr.trim();
  return text.length <= max ? text : `…${text.slice(-max)}`;
}

/** How a child ended: its exit code or signal, or the error that kept it from running. */
export interface ChildExit {
  code: number | null;
  signal?: NodeJS.Signals | null;
  error?: Error;
}

/** Pure: "the trial process exited with code 1: <stderr tail>"; `when` says what it was doing ("before answering …"). */
export function failureMessage(name: string, exit: ChildExit, stderr: string, when = ''): string {
  const what = exit.error
    ? exit.error.name === 'AbortError'
      ? 'was stopped (the run is ending)'
      : `could not run (${exit.error.message})`
    : exit.signal
      ? `was killed (${exit.signal})`
      : `exited with code ${exit.code}`;
  const tail = stderrTail(stderr);
  return `${name} ${what}${when ? ` ${when}` : ''}${tail ? `: ${tail}` : ' (nothing on stderr)'}`;
}

/** Pure: the last non-empty line of a child's stdout, parsed as JSON; throws naming the child when it is not JSON. */
export function lastJsonLine(name: string, stdout: string, stderr = ''): unknown {
  const last = stdout.trimEnd().split('\n').at(-1)?.trim() ?? '';
  try {
    return JSON.parse(last);
  } catch {
    const tail = stderrTail(stderr);
    throw new ChildError(
      `${name} printed no JSON answer (its last line: ${JSON.stringify(last.slice(0, 200))})${tail ? `: ${tail}` : ''}`,
      stderr,
    );
  }
}

function spawnChild(options: ChildOptions, stdin: 'ignore' | 'pipe') {
  const [cmd, args] = pinnedCommand(options.cpus ?? null, options.command, options.args);
  return spawn(cmd, args, { stdio: [stdin, 'pipe', 'pipe'], ...(options.signal ? { signal: options.signal } : {}) });
}

function collect(stream: NodeJS.ReadableStream): { text: () => string } {
  let text = '';
  stream.setEncoding('utf8');
  stream.on('data', (d: string) => (text += d));
  return { text: () => text };
}

function ended(child: ReturnType<typeof spawn>): Promise<ChildExit> {
  return new Promise((resolve) => {
    child.once('error', (error) => resolve({ code: null, error }));
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
}

/** Runs the child to its end; throws a ChildError unless it exits with code 0. */
async function run(options: ChildOptions): Promise<{ stdout: string; stderr: string }> {
  const child = spawnChild(options, 'ignore');
  const out = collect(child.stdout!);
  const err = collect(child.stderr!);
  const exit = await ended(child);
  if (exit.code !== 0) throw new ChildError(failureMessage(options.name, exit, err.text()), err.text());
  return { stdout: out.text(), stderr: err.text() };
}

/** Runs the child to its end and returns its stdout; throws a ChildError unless it exits with code 0. */
export async function childOutput(options: ChildOptions): Promise<string> {
  return (await run(options)).stdout;
}

/**
 * Runs the child to its end and returns the JSON on the last line it printed, checked by `check`
 * when given (e.g. a zod schema's `parse`).
 */
export async function childJson<T = unknown>(options: ChildOptions, check?: (value: unknown) => T): Promise<T> {
  const { stdout, stderr } = await run(options);
  const value = lastJsonLine(options.name, stdout, stderr);
  return check ? check(value) : (value as T);
}

/** A long-lived child: one question per stdin line, one JSON line per answer. */
export interface ChildSession {
  pid: number;
  /** Asks one question (a line on its stdin) and resolves to its JSON answer (its next stdout line). */
  ask<T = unknown>(line: string, check?: (value: unknown) => T): Promise<T>;
  /** Closes its stdin and waits until it has exited (a crash shows in ask(), not here). */
  stop(): Promise<void>;
}

export function startChild(options: ChildOptions): ChildSession {
  const child = spawnChild(options, 'pipe');
  const err = collect(child.stderr!);
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const exit = ended(child);
  // Writing to a child that has gone fails with EPIPE: ask() reports how it ended instead.
  child.stdin!.on('error', () => {});
  return {
    pid: child.pid ?? -1,
    async ask<T>(line: string, check?: (value: unknown) => T) {
      child.stdin!.write(`${line}\n`);
      const next = await Promise.race([lines.next(), exit.then((how) => ({ exited: how }))]);
      if ('exited' in next || next.done) {
        const how = 'exited' in next ? next.exited : await exit;
        throw new ChildError(failureMessage(options.name, how, err.text(), `before answering ${JSON.stringify(line)}`), err.text());
      }
      const value = lastJsonLine(options.name, next.value, err.text());
      return check ? check(value) : (value as T);
    },
    async stop() {
      child.stdin!.end();
      await exit;
    },
  };
}
