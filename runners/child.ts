/**
 * The process a cell runs in. Started ahead of time (warm, so tsx's start-up cost is paid before
 * the user clicks Run), it reads one job line on the record channel, imports the cell and writes
 * records back on the same channel. stdout and stderr stay the cell's own: the engine turns them
 * into log records, so a plain script with no SDK is a runnable cell too.
 */
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { encodeRecord, Job, RECORD_CHANNEL_FD, type CellRecord, type ErrorKind } from './channel.ts';
import { isCell, ParamsError, resolveParams } from './sdk.ts';
import { cleanMessage, isSyntaxError, locateError } from './error-location.ts';
import { killTagged, RUN_TAG_VAR } from './process-group.ts';
import { openChannel } from './channel-end.ts';
import { thisRuntime } from './runtime-self.ts';

const runnerDir = dirname(fileURLToPath(import.meta.url)) + '/';
// What this process runs on (Node, Bun, Deno), told to the runner with the first record: the
// results' provenance and stale hash take the runtime from here.
const runtime = thisRuntime();
const channel = openChannel(RECORD_CHANNEL_FD, runtime.name);
let cellFile = '';
let finished = false;

function emit(record: CellRecord): void {
  channel.write(encodeRecord(record));
}

/** Last words: synchronous, because the process may be about to exit. */
function emitNow(record: CellRecord): void {
  channel.writeNow(encodeRecord(record));
}

function errorRecord(error: unknown, kind: ErrorKind): CellRecord {
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  const at = locateError(stack, cellFile, runnerDir);
  return {
    type: 'error',
    kind,
    message: kind === 'syntax' ? cleanMessage(error) : error instanceof Error ? error.message : String(error),
    ...(at ? { at } : {}),
    ...(error instanceof Error && kind !== 'params' ? { stack } : {}),
  };
}

function fail(error: unknown, kind: ErrorKind, code = 1): never {
  finished = true;
  emitNow(errorRecord(error, kind));
  process.exit(code);
}

const environment: Record<string, string> = {};
const stopping = new AbortController();
process.once('SIGTERM', () => {
  // The runner is ending this run: let the cell close what it can, then go.
  stopping.abort();
  setTimeout(() => process.exit(143), 1000).unref();
});

async function finish(): Promise<void> {
  finished = true;
  const done = encodeRecord({ type: 'done', ...(Object.keys(environment).length ? { environment } : {}) });
  await channel.end(done);
  process.exit(0);
}

process.on('uncaughtException', (error) => fail(error, 'exception'));
process.on('unhandledRejection', (reason) => fail(reason, 'exception'));

async function runJob(job: Job): Promise<void> {
  cellFile = job.file;
  const scratchDir = job.scratchDir ?? (await import('node:os')).tmpdir();
  process.env.AM_SCRATCH_DIR = scratchDir; // plain scripts find it here
  let mod: Record<string, unknown>;
  try {
    mod = await import(pathToFileURL(job.file).href);
  } catch (error) {
    fail(error, isSyntaxError(error) ? 'syntax' : 'exception');
  }
  const definition = mod.default;
  if (!isCell(definition)) {
    // A plain script: importing it ran it; it is done when it has nothing left to do.
    emit({ type: 'meta', preset: 'custom', params: {}, runtime });
    process.once('beforeExit', () => {
      // One more turn of the loop first: Bun reports a late unhandled rejection only after 'beforeExit'.
      setImmediate(() => finished || void finish());
    });
    return;
  }
  let params: Record<string, unknown>;
  try {
    params = resolveParams(definition, job.preset, job.params);
  } catch (error) {
    fail(error, error instanceof ParamsError ? 'params' : 'exception', 2);
  }
  const preset = job.params && Object.keys(job.params).length > 0 ? 'custom' : job.preset;
  emit({
    type: 'meta',
    preset,
    params,
    runtime,
    ...(definition.title ? { title: definition.title } : {}),
    ...(definition.timeoutMs ? { timeoutMs: definition.timeoutMs } : {}),
  });
  try {
    await definition.run({
      params,
      preset,
      row: (data) => emit({ type: 'row', data }),
      trial: (data) => emit({ type: 'trial', data }),
      reference: (data) => emit({ type: 'reference', data }),
      log: (text) => emit({ type: 'log', stream: 'cell', text }),
      progress: (done, total, label) => emit({ type: 'progress', done, total, ...(label ? { label } : {}) }),
      provenance: (facts) => Object.assign(environment, facts),
      scratchDir,
      signal: stopping.signal,
    });
  } catch (error) {
    fail(error, 'exception');
  }
  // Explicit exit: servers or timers a cell forgot must not keep the run alive.
  await finish();
}

/**
 * The runner is gone (killed, crashed) when its end of the channel closes before we finished: like
 * a Jupyter kernel whose parent died, end the whole run: this process group, and any process that
 * left it but carries the run's tag. Nothing of an orphaned run keeps its ports or its CPU.
 */
function orphaned(): void {
  if (finished) return;
  const tag = process.env[RUN_TAG_VAR];
  if (tag) killTagged((t) => t === tag);
  try {
    process.kill(-process.pid, 'SIGKILL');
  } catch {
    process.exit(137);
  }
}
channel.onGone(orphaned);

channel.readJob((job) => {
  if (job === undefined) return orphaned(); // the runner left before sending a job
  channel.unref(); // pending writes still flush; the channel alone must not keep a finished script alive
  let parsed: ReturnType<typeof Job.safeParse>;
  try {
    parsed = Job.safeParse(JSON.parse(job));
  } catch (error) {
    fail(new Error(`bad job: ${(error as Error).message}`), 'spawn');
  }
  if (!parsed.success) fail(new Error(`bad job: ${parsed.error.message}`), 'spawn');
  void runJob(parsed.data);
});
