/**
 * The project's TypeScript plumbing, reachable from a Python cell (notebooks/lib/plumbing.py), so
 * an essay's own Python is measured under exactly the same load generator, pinning, database and
 * latency server as the Node ports — one harness, two languages. One verb per process, its
 * arguments as JSON on the command line, one JSON line out on stdout:
 *
 * - `pinning`, `load-tool <wanted>`, `describe-load <tool>`: answer and exit;
 * - `load <LoadOptions>`: run the generator once (runLoad), print its LoadResult, exit;
 * - `server <ServerSpec> [cpus]` (notebooks/servers' styles, `canned-close` is the ceiling),
 *   `latency <LatencySettings>`, `postgres <DatabaseOptions>`: start it, print `{ url, … }`, and
 *   keep it until stdin closes (the Python side finished or died) or SIGTERM, then stop it and
 *   everything it started.
 *
 * Errors go to stderr as one line and exit 1; plumbing.py raises them in the cell.
 */
import { startServer } from '../servers/lib/server-process.ts';
import { detectPinning } from './cpus.ts';
import { startLatencyServer } from './latency-server.ts';
import { describeLoadTool, installedLoadTools, type LoadOptions, type LoadTool, runLoad, toolOrFallback } from './load.ts';
import { startDatabase } from './postgres.ts';

interface Running {
  ready: Record<string, unknown>;
  stop(): Promise<void>;
}

const say = (value: unknown): void => void process.stdout.write(`${JSON.stringify(value)}\n`);

async function start(verb: string, spec: Record<string, unknown>, cpus: string | null): Promise<Running> {
  if (verb === 'server') {
    const s = await startServer(spec as never, cpus);
    return { ready: { url: s.url, pids: s.pids }, stop: s.stop };
  }
  if (verb === 'latency') {
    const s = await startLatencyServer(spec as never);
    return { ready: { url: s.url, pid: s.pid }, stop: s.stop };
  }
  const db = await startDatabase({ ...(spec as { scratchDir: string }), log: (line) => process.stderr.write(`${line}\n`) });
  return { ready: { url: db.url, server: db.server }, stop: db.stop };
}

/** Serves until stdin ends or a signal comes, then stops what it started. */
async function serve(running: Running): Promise<void> {
  say(running.ready);
  await new Promise<void>((resolve) => {
    process.stdin
      .on('data', () => {})
      .once('end', resolve)
      .once('error', resolve);
    process.stdin.resume();
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await running.stop();
}

async function main(verb: string | undefined, arg: string | undefined, cpus: string | undefined): Promise<void> {
  const json = () => JSON.parse(arg ?? '{}') as Record<string, unknown>;
  switch (verb) {
    case 'pinning':
      return say(detectPinning());
    case 'load-tool':
      return say(toolOrFallback((arg ?? 'wrk') as LoadTool, installedLoadTools()));
    case 'describe-load':
      return say(describeLoadTool((arg ?? 'autocannon') as LoadTool));
    case 'load':
      return say(await runLoad(json() as unknown as LoadOptions));
    case 'server':
    case 'latency':
    case 'postgres':
      return serve(await start(verb, json(), cpus && cpus !== 'null' ? cpus : null));
    default:
      throw new Error(`unknown verb "${verb}": pinning, load-tool, describe-load, load, server, latency or postgres`);
  }
}

main(process.argv[2], process.argv[3], process.argv[4]).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
