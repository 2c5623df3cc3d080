/**
 * The project's TypeScript plumbing, reachable from a Python cell (notebooks/lib/plumbing.py), so
 * an essay's own Python is measured under exactly the same load generator, pinning, database and
 * latency server as the Node ports — one harness, two languages. One verb per process, its
 * arguments as JSON on the command line, one JSON line out on stdout:
 *
 * - `pinning`, `load-tool <wanted>`, `describe-load <tool>`: answer and exit;
 * - `ceiling {rows, responder}`: one shape's generator ceiling and which rows it caps, by the rule
 *   of notebooks/servers/lib/ceiling.ts (shapeCeiling), so a Python cell judges as hello does;
 * - `load <LoadOptions>`: run the generator once (runLoad), print its LoadResult, exit;
 * - `calls`: the verbs above, many in one long-lived process (Node with tsx takes a second or two
 *   to start, a second per load run otherwise): one question per stdin line, `{"verb", "arg"}`,
 *   one answer per stdout line in order, `{"ok": value}` or `{"error": message}`, until stdin ends;
 * - `server <ServerSpec> [cpus]` (notebooks/servers' styles, `canned-close` is the ceiling),
 *   `latency <LatencySettings>`, `postgres <DatabaseOptions>`: start it, print `{ url, … }`, and
 *   keep it until stdin closes (the Python side finished or died) or SIGTERM, then stop it and
 *   everything it started. Meanwhile each stdin line is a question to it, one JSON line out per
 *   line in order, `{"ok": value}` or `{"error": message}`: the latency server answers
 *   `{"stats": {"reset": bool}}` with its LatencyStats (requests, peakInFlight), as `stats()` does.
 *
 * Errors go to stderr as one line and exit 1; plumbing.py raises them in the cell.
 */
import { createInterface } from 'node:readline';
import { type ShapeRate, shapeCeiling } from '../servers/lib/ceiling.ts';
import { startServer } from '../servers/lib/server-process.ts';
import { detectPinning } from './cpus.ts';
import { startLatencyServer } from './latency-server.ts';
import { describeLoadTool, installedLoadTools, type LoadOptions, type LoadTool, runLoad, toolOrFallback } from './load.ts';
import { startDatabase } from './postgres.ts';

interface Running {
  ready: Record<string, unknown>;
  stop(): Promise<void>;
  /** A question while it runs (one stdin line); the services that take none leave it out. */
  ask?(question: Record<string, unknown>): Promise<unknown>;
}

const say = (value: unknown): void => void process.stdout.write(`${JSON.stringify(value)}\n`);

async function start(verb: string, spec: Record<string, unknown>, cpus: string | null): Promise<Running> {
  if (verb === 'server') {
    const s = await startServer(spec as never, cpus);
    return { ready: { url: s.url, pids: s.pids }, stop: s.stop };
  }
  if (verb === 'latency') {
    const s = await startLatencyServer(spec as never);
    const ask = async (q: Record<string, unknown>) => {
      if (!q.stats) throw new Error('the latency server answers {"stats": {"reset": bool}} only');
      return s.stats(Boolean((q.stats as { reset?: boolean }).reset));
    };
    return { ready: { url: s.url, pid: s.pid }, stop: s.stop, ask };
  }
  const db = await startDatabase({ ...(spec as { scratchDir: string }), log: (line) => process.stderr.write(`${line}\n`) });
  return { ready: { url: db.url, server: db.server }, stop: db.stop };
}

/** Serves, answering its questions in order, until stdin ends or a signal comes, then stops what it started. */
async function serve(running: Running): Promise<void> {
  say(running.ready);
  await new Promise<void>((resolve) => {
    let answered = Promise.resolve();
    createInterface({ input: process.stdin })
      .on('line', (line) => {
        if (!line.trim()) return;
        answered = answered.then(async () => {
          try {
            if (!running.ask) throw new Error('this service takes no questions');
            say({ ok: await running.ask(JSON.parse(line) as Record<string, unknown>) });
          } catch (error) {
            say({ error: error instanceof Error ? error.message : String(error) });
          }
        });
      })
      .once('close', resolve);
    process.stdin.once('error', resolve);
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await running.stop();
}

/** One answer-and-exit verb's value; `arg` as given on the command line or in a `calls` question. */
async function answer(verb: string, arg: unknown): Promise<unknown> {
  switch (verb) {
    case 'pinning':
      return detectPinning();
    case 'load-tool':
      return toolOrFallback((arg ?? 'wrk') as LoadTool, installedLoadTools());
    case 'describe-load':
      return describeLoadTool((arg ?? 'autocannon') as LoadTool);
    case 'load':
      return runLoad(arg as LoadOptions);
    case 'ceiling': {
      const { rows, responder } = arg as { rows: ShapeRate[]; responder: string };
      return shapeCeiling(rows, responder);
    }
    default:
      throw new Error(`unknown verb "${verb}": pinning, load-tool, describe-load, load, ceiling, calls, server, latency or postgres`);
  }
}

/** Answers questions from stdin, one at a time and in order, until stdin ends. */
async function calls(): Promise<void> {
  for await (const line of createInterface({ input: process.stdin })) {
    if (!line.trim()) continue;
    try {
      const q = JSON.parse(line) as { verb: string; arg?: unknown };
      say({ ok: await answer(q.verb, q.arg) });
    } catch (error) {
      say({ error: error instanceof Error ? error.message : String(error) });
    }
  }
}

async function main(verb: string | undefined, arg: string | undefined, cpus: string | undefined): Promise<void> {
  const json = () => JSON.parse(arg ?? '{}') as Record<string, unknown>;
  switch (verb) {
    case 'calls':
      return calls();
    case 'load':
      return say(await answer(verb, json()));
    case 'server':
    case 'latency':
    case 'postgres':
      return serve(await start(verb, json(), cpus && cpus !== 'null' ? cpus : null));
    default:
      return say(await answer(verb ?? '', arg));
  }
}

main(process.argv[2], process.argv[3], process.argv[4]).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
