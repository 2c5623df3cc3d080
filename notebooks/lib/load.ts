/**
 * An HTTP load generator for chapters that measure servers: `ab` (ApacheBench) and `wrk` when they
 * are installed, autocannon's programmatic API as the fallback. The generator is a child process,
 * pinned with taskset to the CPUs it is given, so it never shares an event loop (or a core) with
 * the cell or the server: one per run (runLoad), or one autocannon process kept for a cell's many
 * runs (openLoadGenerator). On this 2-core machine, against canned bytes, ab and wrk reach about
 * twice autocannon's ceiling with a new connection per request, and wrk four times with keep-alive.
 *
 * Two shapes of load:
 * - keep-alive: each of `connections` connections sends a request, waits for the answer, sends the
 *   next, on the same connection (wrk's and autocannon's normal behaviour, `ab -k`).
 * - new connection per request: what `ab` does without `-k` (its requests are HTTP/1.0, which
 *   closes by default). wrk's and autocannon's requests carry `Connection: close` (autocannon always
 *   adds `Connection: keep-alive` first; by HTTP's rules the two lines read as "keep-alive, close",
 *   and close wins), the server answers and closes, the client connects again. autocannon 9
 *   does reconnect when the server closes, but it first writes its next request onto the closing
 *   socket: that request is lost, half the requests go unanswered and each latency is timed from
 *   the lost request. (`reconnectRate: 1` reconnects but counts no responses.) So for this shape
 *   a small `setupClient` hook holds back the request written right after a response; the next
 *   request goes out when autocannon reconnects, and its latency includes the TCP handshake, as
 *   ab's does. tests check that the server sees exactly one request per connection.
 *
 * ab and wrk report their own requests/s and percentiles (see parseAb, parseWrk). With autocannon,
 * requests/s is responses over the time from the start to the last response, on our own clock.
 * Latency percentiles come from every response's own duration (autocannon's, from hrtime, in ms
 * with fractions); autocannon's own histogram rounds to whole milliseconds, too coarse on loopback.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { childJson, childOutput, startChild } from './child-json.ts';
import { hasProgram } from './cpus.ts';

export type LoadTool = 'autocannon' | 'wrk' | 'ab';

export interface LoadOptions {
  url: string;
  connections: number;
  /** Requests to measure (ab -n, autocannon); wrk runs for a duration instead, see wrkSeconds. */
  requests: number;
  /** ab without -k: a new connection per request (`Connection: close` for wrk and autocannon; ab sends HTTP/1.0). */
  newConnectionPerRequest: boolean;
  /** autocannon only: requests sent first and thrown away, so the server's JIT is warm (default: a fifth, at least 200). */
  warmupRequests?: number;
  /** taskset CPU list for the generator, or null for unpinned. */
  cpus?: string | null;
  tool?: LoadTool;
  /** wrk only: how long to run (default: requests / 5000, at least 2 s). */
  wrkSeconds?: number;
  /** ab only: stop after this many seconds even when fewer than `requests` were made (ab -t), to bound a run on a slow machine. */
  abSeconds?: number;
}

export interface LoadResult {
  tool: LoadTool;
  requests: number;
  seconds: number;
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Connection errors and timeouts. */
  errors: number;
  /** Responses that were not 2xx. */
  non2xx: number;
}

/** autocannon unless wrk is on PATH. */
export function detectLoadTool(): LoadTool {
  return hasProgram('wrk') ? 'wrk' : 'autocannon';
}

/** The load tools on this machine (autocannon always: it is a dependency). */
export function installedLoadTools(): Set<LoadTool> {
  return new Set<LoadTool>(['autocannon', ...(['ab', 'wrk'] as const).filter((t) => hasProgram(t))]);
}

/** Pure: `wanted` when it is installed, else autocannon. */
export function toolOrFallback(wanted: LoadTool, installed: ReadonlySet<LoadTool>): LoadTool {
  return installed.has(wanted) ? wanted : 'autocannon';
}

/** Pure: the version in `ab -V` ("Version 2.3") or `wrk -v` ("wrk debian/4.1.0-3+b2") output, or ''. */
export function parseToolVersion(text: string): string {
  return text.match(/Version ([\d.]+)/)?.[1] ?? text.match(/^wrk (?:\S*\/)?(\d[\d.]*\d)/m)?.[1] ?? '';
}

/** For provenance: "autocannon 9.0.0 (programmatic API, own process)", "wrk 4.1.0 (own process)", "ab 2.3 (own process)". */
export function describeLoadTool(tool: LoadTool): string {
  if (tool === 'autocannon') {
    const { version } = createRequire(import.meta.url)('autocannon/package.json') as { version: string };
    return `autocannon ${version} (programmatic API, own process)`;
  }
  const out = spawnSync(tool, [tool === 'ab' ? '-V' : '-v'], { encoding: 'utf8' });
  const version = parseToolVersion(`${out.stdout ?? ''}${out.stderr ?? ''}`);
  return `${tool}${version ? ` ${version}` : ''} (own process)`;
}

/** Pure: the value at quantile q (0..1) of ascending numbers, nearest rank. */
export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Pure: whether a rate is within `tolerance` of the generator's ceiling (then it ranks the generator, not the server). */
export function atCeiling(requestsPerSec: number, ceiling: number, tolerance = 0.1): boolean {
  return ceiling > 0 && requestsPerSec >= ceiling * (1 - tolerance);
}

const UNIT_MS: Record<string, number> = { us: 1e-3, ms: 1, s: 1000, m: 60_000 };

/** Pure: wrk's `--latency` report as a LoadResult. */
export function parseWrk(text: string): LoadResult {
  const num = (re: RegExp) => Number(text.match(re)?.[1] ?? NaN);
  const latency = (pct: string) => {
    const m = text.match(new RegExp(`^\\s*${pct}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm'));
    return m ? Number(m[1]) * UNIT_MS[m[2]!]! : NaN;
  };
  const requests = num(/(\d+) requests in/);
  const seconds = (() => {
    const m = text.match(/requests in ([\d.]+)(us|ms|s|m),/);
    return m ? (Number(m[1]) * UNIT_MS[m[2]!]!) / 1000 : NaN;
  })();
  const sock = text.match(/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/);
  return {
    tool: 'wrk',
    requests,
    seconds,
    requestsPerSec: num(/Requests\/sec:\s+([\d.]+)/),
    p50Ms: latency('50'),
    p99Ms: latency('99'),
    errors: sock ? sock.slice(1).reduce((a, b) => a + Number(b), 0) : 0,
    non2xx: num(/Non-2xx or 3xx responses: (\d+)/) || 0,
  };
}

/**
 * Pure: ab's report as a LoadResult. ab's own percentile table is in whole milliseconds, too
 * coarse on loopback; `csv` (what `ab -e` writes: "percent,ms" with fractions) is used instead
 * when given. Failed requests (connect, receive, length, exceptions) count as errors.
 */
export function parseAb(text: string, csv?: string): LoadResult {
  const num = (re: RegExp) => Number(text.match(re)?.[1] ?? NaN);
  const fromCsv = new Map(
    (csv ?? '').split('\n').flatMap((l) => (/^\d+,[\d.]+$/.test(l.trim()) ? [l.trim().split(',').map(Number) as [number, number]] : [])),
  );
  const latency = (pct: number) => fromCsv.get(pct) ?? num(new RegExp(`^\\s*${pct}%\\s+(\\d+)`, 'm'));
  return {
    tool: 'ab',
    requests: num(/^Complete requests:\s+(\d+)/m),
    seconds: num(/^Time taken for tests:\s+([\d.]+) seconds/m),
    requestsPerSec: num(/^Requests per second:\s+([\d.]+)/m),
    p50Ms: latency(50),
    p99Ms: latency(99),
    errors: num(/^Failed requests:\s+(\d+)/m) || 0,
    non2xx: num(/^Non-2xx responses:\s+(\d+)/m) || 0,
  };
}

/** Pure: ab's command line. `-r`: count a failed receive instead of stopping; `-e`: percentiles with fractions. */
export function abArgs(
  options: Pick<LoadOptions, 'url' | 'connections' | 'requests' | 'newConnectionPerRequest' | 'abSeconds'>,
  csvPath: string,
): string[] {
  // -t before -n: -t alone would set -n to 50,000; this way the run ends at whichever comes first.
  const limit = options.abSeconds ? ['-t', `${options.abSeconds}`] : [];
  return [
    '-q',
    '-r',
    ...limit,
    '-n',
    `${options.requests}`,
    '-c',
    `${options.connections}`,
    '-e',
    csvPath,
    ...(options.newConnectionPerRequest ? [] : ['-k']),
    options.url,
  ];
}

const FILE = fileURLToPath(import.meta.url);
const CHILD = '--autocannon';
const SESSION = '--autocannon-session';

/** Pure: wrk's command line (`--latency` for the percentiles). */
export function wrkArgs(
  options: Pick<LoadOptions, 'url' | 'connections' | 'requests' | 'newConnectionPerRequest' | 'wrkSeconds'>,
): string[] {
  const seconds = options.wrkSeconds ?? Math.max(2, Math.round(options.requests / 5000));
  return [
    '-t1',
    `-c${options.connections}`,
    `-d${seconds}s`,
    // wrk's default 2 s timeout drops a slow answer from the percentiles and counts it an error; a
    // queue of hundreds of connections on a few blocking workers waits longer than that.
    '--timeout',
    '30s',
    '--latency',
    ...(options.newConnectionPerRequest ? ['-H', 'Connection: close'] : []),
    options.url,
  ];
}

/** Runs one measurement in a pinned child process and returns what it measured. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const tool = options.tool ?? 'autocannon';
  const generator = { name: `the load generator (${tool})`, cpus: options.cpus ?? null };
  if (tool === 'wrk') return parseWrk(await childOutput({ ...generator, command: 'wrk', args: wrkArgs(options) }));
  if (tool === 'autocannon')
    return childJson<LoadResult>({
      ...generator,
      command: process.execPath,
      args: ['--import', 'tsx', FILE, CHILD, JSON.stringify(options)],
    });
  const dir = mkdtempSync(join(tmpdir(), 'am-ab-'));
  try {
    const csv = join(dir, 'percentiles.csv');
    const out = await childOutput({ ...generator, command: 'ab', args: abArgs(options, csv) });
    return parseAb(out, readFileSync(csv, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A load generator for many runs in turn: see openLoadGenerator. */
export interface LoadGenerator {
  /** One measurement (runs are queued: one at a time). */
  run(options: Omit<LoadOptions, 'tool' | 'cpus'>): Promise<LoadResult>;
  stop(): Promise<void>;
}

/**
 * A generator kept for a cell's whole run. autocannon's process (Node, tsx, autocannon) takes about
 * a second to start, which a cell of fifty short trials would pay fifty times: here it starts once,
 * pinned, and measures one run per line it is sent. wrk and ab start in milliseconds and keep a
 * process per run, as runLoad.
 */
export function openLoadGenerator(tool: LoadTool, cpus: string | null): LoadGenerator {
  if (tool !== 'autocannon') return { run: (options) => runLoad({ ...options, tool, cpus }), stop: async () => {} };
  const session = startChild({
    name: 'the load generator (autocannon)',
    command: process.execPath,
    args: ['--import', 'tsx', FILE, SESSION],
    cpus,
  });
  let queue: Promise<unknown> = Promise.resolve();
  return {
    run(options) {
      const next = queue.then(() => session.ask<LoadResult>(JSON.stringify({ ...options, tool })));
      queue = next.catch(() => {});
      return next;
    },
    stop: () => session.stop(),
  };
}

/** The child: warm up, then measure with autocannon, then print one JSON line. */
async function measure(options: LoadOptions): Promise<LoadResult> {
  const autocannon = (await import('autocannon')).default;
  const latencies: number[] = [];
  let lastAt = 0;
  const run = (amount: number, record: boolean) =>
    autocannon({
      // autocannon notices that `amount` is reached only at its next sample tick (every second by
      // default), so its own duration rounds up to a second; time from our own clock instead.
      sampleInt: 20,
      url: options.url,
      connections: options.connections,
      amount,
      timeout: 10,
      headers: options.newConnectionPerRequest ? { connection: 'close' } : {},
      setupClient(client) {
        let justAnswered = false;
        client.on('response', (_status: number, _bytes: number, ms: number) => {
          if (record) latencies.push(ms);
          lastAt = performance.now();
          justAnswered = options.newConnectionPerRequest;
        });
        if (!options.newConnectionPerRequest) return;
        // Hold back the request autocannon writes right after a response: that socket is closing.
        const c = client as unknown as { _doRequest(...a: unknown[]): unknown };
        const doRequest = c._doRequest;
        c._doRequest = function (...a: unknown[]) {
          if (justAnswered) return void (justAnswered = false);
          return doRequest.apply(this, a);
        };
      },
    });
  await run(options.warmupRequests ?? Math.max(200, Math.round(options.requests / 5)), false);
  const t0 = performance.now();
  const r = await run(options.requests, true);
  const seconds = (lastAt - t0) / 1000; // from the start to the last response
  latencies.sort((a, b) => a - b);
  return {
    tool: 'autocannon',
    requests: r['2xx'],
    seconds,
    requestsPerSec: r['2xx'] / seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
}

/** The long-lived child: one run per stdin line, one JSON line each; a failed run ends it (the asker reports stderr). */
async function session(): Promise<void> {
  for await (const line of createInterface({ input: process.stdin })) {
    if (!line.trim()) continue;
    const result = await measure(JSON.parse(line) as LoadOptions);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }
}

if (process.argv[1] === FILE && process.argv[2] === SESSION) {
  session().catch((error) => {
    process.stderr.write(`${(error as Error).stack ?? error}\n`);
    process.exit(1);
  });
}

if (process.argv[1] === FILE && process.argv[2] === CHILD) {
  measure(JSON.parse(process.argv[3]!) as LoadOptions).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error) => {
      process.stderr.write(`${(error as Error).stack ?? error}\n`);
      process.exit(1);
    },
  );
}
