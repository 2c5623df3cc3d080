/**
 * A local stand-in for the internet. The essays fetched pages from httpbin.org, google.com and
 * friends; there is no internet here, and round trips over it are not reproducible anyway. This
 * server answers an httpbin-like `GET /get?a=N` with JSON after a configurable delay plus jitter,
 * so a "fetch" costs a known wait and almost no work, as a far-away server does.
 *
 * It runs in its own child process (its event loop must not share the cell's), on 127.0.0.1, and
 * is started and stopped by the cell: `const server = await startLatencyServer({...}); try { ... }
 * finally { await server.stop(); }`. The child also exits when its parent goes away (the IPC
 * channel closes), and the runner ends the whole process group on cancel or timeout.
 *
 * The same file is the child's entry point: forked with `--serve`, it listens and reports its port.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../../core/random.ts';
import { stopChild, untilListening } from './child-life.ts';

export interface LatencySettings {
  /** Mean time before each answer, in ms. */
  delayMs: number;
  /** Each delay is drawn uniformly from delayMs ± jitterMs (never below zero). */
  jitterMs: number;
  /** Seed of the jitter's random numbers, so runs draw the same sequence. */
  seed?: number;
}

/**
 * Round trips resembling the essays'. Dong Weiming's 12 fetches through 3 threads took 6.49 s in
 * 2016, four rounds of about 1.6 s each (httpbin.org over the internet); luminousmen's 40
 * sequential fetches took 31.4 s, about 0.8 s each (google.com and friends, redirects included).
 */
export const ESSAY_ROUND_TRIPS = {
  dongWeiming2016: { delayMs: 1500, jitterMs: 300 },
  luminousmen: { delayMs: 750, jitterMs: 150 },
} satisfies Record<string, LatencySettings>;

/** What the server counted: requests answered and the most it ever had in flight at once. */
export interface LatencyStats {
  requests: number;
  peakInFlight: number;
}

export interface LatencyServer {
  /** `http://127.0.0.1:<port>`; fetch `${url}/get?a=N`. */
  url: string;
  pid: number;
  settings: Required<LatencySettings>;
  /** Counters since the last reset (reset: true zeroes them after reading). */
  stats(reset?: boolean): Promise<LatencyStats>;
  stop(): Promise<void>;
}

/** Pure: one delay for a uniform draw u in [0, 1). */
export function delayFor(settings: LatencySettings, u: number): number {
  return Math.max(0, settings.delayMs + settings.jitterMs * (2 * u - 1));
}

/** Pure: the JSON body httpbin's /get returns, for a path such as /get?a=3. */
export function httpbinBody(path: string, headers: Record<string, unknown>, host: string) {
  const url = new URL(path, `http://${host}`);
  return { args: Object.fromEntries(url.searchParams), headers, origin: '127.0.0.1', url: url.href };
}

const FILE = fileURLToPath(import.meta.url);
const SERVE = '--serve';

/** Starts the server in a child process; resolves once it listens. */
export async function startLatencyServer(settings: LatencySettings): Promise<LatencyServer> {
  const full = { seed: 2016, ...settings };
  const child = fork(FILE, [SERVE, JSON.stringify(full)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const { port } = (await untilListening(child, 'the latency server', 'ipc')) as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    settings: full,
    stats: (reset = false) => ask<LatencyStats>(child, { stats: true, reset }),
    stop: () => stopChild(child),
  };
}

function ask<T>(child: ChildProcess, message: object): Promise<T> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve(m as T));
    child.send(message);
  });
}

/** The child: serve until told to stop or until the parent is gone. */
function serve(settings: Required<LatencySettings>): void {
  const draw = mulberry32(settings.seed);
  const stats: LatencyStats = { requests: 0, peakInFlight: 0 };
  let inFlight = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (!req.url?.startsWith('/get')) return void res.writeHead(404).end();
    inFlight++;
    stats.peakInFlight = Math.max(stats.peakInFlight, inFlight);
    setTimeout(
      () => {
        const body = JSON.stringify(httpbinBody(req.url!, req.headers, req.headers.host ?? '127.0.0.1'));
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
        inFlight--;
        stats.requests++;
      },
      delayFor(settings, draw()),
    );
  });
  // Thousands of connections at once: a deep accept queue, no per-server connection cap.
  server.keepAliveTimeout = 30_000;
  server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => {
    process.send!({ port: (server.address() as { port: number }).port });
  });
  process.on('message', (m: { stats?: boolean; reset?: boolean }) => {
    if (!m.stats) return;
    if (process.connected) process.send!({ ...stats }, undefined, undefined, () => {});
    if (m.reset) Object.assign(stats, { requests: 0, peakInFlight: inFlight });
  });
  process.once('disconnect', () => process.exit(0));
  process.once('SIGTERM', () => process.exit(0));
}

if (process.argv[1] === FILE && process.argv[2] === SERVE && process.send) serve(JSON.parse(process.argv[3]!));
