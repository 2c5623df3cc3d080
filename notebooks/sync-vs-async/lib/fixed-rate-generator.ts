/**
 * A fixed-arrival-rate load generator: loadtest's scheduler (`requestsPerSecond`: a timer that
 * issues the next request when its time comes, whether or not earlier ones were answered, and
 * catches up when it fires late) driving Node's http client, in a child process of its own pinned
 * to the generator CPU. One child serves the whole cell (a process per run would cost a second of
 * start-up each, more than a run); the cell sends it runs over IPC and gets back a summary.
 *
 * loadtest's own figures are not used: it times a request from when it issues it, not from when
 * the schedule said it was due, rounds each latency down to a whole millisecond, and at the end
 * drops the requests still in flight. So every request is recorded here through its
 * `requestGenerator` hook (intended time, issued, on the wire, done) and ./open-loop.ts makes the
 * figures, counting the unfinished rather than dropping them.
 *
 * Connections: one keep-alive pool of `connections` sockets (Node's http.Agent), as wrk2 keeps a
 * fixed set of connections. A request due while every socket is busy waits in the generator's
 * queue, and that wait is in its latency (it is timed from its intended time). The pool bounds
 * what a server that fell behind still has to work through when a run stops: at most one request
 * per connection. Those are abandoned at the cutoff (their sockets reset), and before the next run
 * `settle` waits until the server answers fresh probes, which queue behind whatever it still had.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { Agent, type ClientRequest, get, type IncomingMessage, type RequestOptions } from 'node:http';
import { fileURLToPath } from 'node:url';
import { pinnedCommand } from '../../lib/cpus.ts';
import { type OpenLoopRun, type RequestRecord, summarizeOpenLoop } from './open-loop.ts';

export interface FixedRateRun {
  url: string;
  /** Requests per second to offer. */
  rate: number;
  /** How long to offer them (the run sends max(minRequests, rate × seconds) requests). */
  seconds: number;
  minRequests: number;
  connections: number;
  /** How long after the last request is due the run waits for answers before it stops. */
  graceMs: number;
}

export interface ClosedLoopProbe {
  url: string;
  connections: number;
  seconds: number;
}

/** What the cell talks to: one pinned generator process. */
export interface FixedRateGenerator {
  run(spec: FixedRateRun): Promise<OpenLoopRun>;
  /** Responses per second with `connections` keep-alive connections each sending its next request on an answer. */
  probe(spec: ClosedLoopProbe): Promise<number>;
  stop(): Promise<void>;
}

const FILE = fileURLToPath(import.meta.url);
const FLAG = '--fixed-rate-generator';

type Job = { id: number } & ({ kind: 'run'; spec: FixedRateRun } | { kind: 'probe'; spec: ClosedLoopProbe });
type Reply = { id: number; result?: unknown; error?: string };

/** Starts the generator process (pinned to `cpus` when given) and waits until it is ready. */
export async function startFixedRateGenerator(cpus: string | null): Promise<FixedRateGenerator> {
  const [cmd, args] = pinnedCommand(cpus, process.execPath, ['--import', 'tsx', FILE, FLAG]);
  const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the load generator exited (code ${code}) before it was ready`)));
    child.once('message', () => resolve());
  });
  let next = 0;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  child.on('message', (m: Reply) => {
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.error !== undefined) p?.reject(new Error(m.error));
    else p?.resolve(m.result);
  });
  child.once('exit', (code) => {
    for (const p of pending.values()) p.reject(new Error(`the load generator exited (code ${code})`));
    pending.clear();
  });
  const ask = <T>(r: Omit<Job, 'id'>) =>
    new Promise<T>((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ ...r, id } as Job);
    });
  return {
    run: (spec) => ask<OpenLoopRun>({ kind: 'run', spec }),
    probe: (spec) => ask<number>({ kind: 'probe', spec }),
    stop: () => stopChild(child, exited),
  };
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.disconnect();
  const kill = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(kill);
}

// ---- in the child ---------------------------------------------------------------------------

interface LoadTestOptions {
  url: string;
  requestsPerSecond?: number;
  concurrency?: number;
  maxRequests?: number;
  maxSeconds?: number;
  quiet?: boolean;
  requestGenerator(
    options: unknown,
    params: RequestOptions,
    request: (p: RequestOptions, cb: (res: IncomingMessage) => void) => ClientRequest,
    callback: (res: IncomingMessage) => void,
  ): ClientRequest;
}
type LoadTest = (options: LoadTestOptions) => Promise<unknown>;

/** Records every request loadtest issues through `agent`, on the schedule starting at its first. */
function recorder(agent: Agent, interval: number, expected = Infinity) {
  const records: RequestRecord[] = [];
  let allIssued = () => {};
  const issued = new Promise<void>((resolve) => (allIssued = resolve));
  const requests: ClientRequest[] = [];
  let t0 = NaN;
  let cutoff = Infinity;
  let open = 0;
  let onIdle = () => {};
  const finish = (rec: RequestRecord, failed: boolean) => {
    if (!Number.isNaN(rec.done) || rec.failed || performance.now() > cutoff) return;
    if (failed) rec.failed = true;
    else rec.done = performance.now();
    if (--open === 0) onIdle();
  };
  const requestGenerator: LoadTestOptions['requestGenerator'] = (_options, params, request, callback) => {
    const now = performance.now();
    if (Number.isNaN(t0)) t0 = now;
    const rec: RequestRecord = { intended: t0 + records.length * interval, issued: now, wire: NaN, done: NaN, failed: false };
    records.push(rec);
    open++;
    const req = request({ ...params, agent }, (res) => {
      res.once('end', () => finish(rec, (res.statusCode ?? 0) >= 400));
      callback(res);
    });
    req.once('socket', () => (rec.wire = performance.now()));
    req.on('error', () => finish(rec, true));
    requests.push(req);
    if (records.length === expected) allIssued();
    return req;
  };
  return {
    records,
    requestGenerator,
    /** Resolves once `expected` requests have been issued. */
    issued,
    /** Resolves when every issued request is answered (or failed), or at `until` (performance.now() ms), whichever is first. */
    idle(until: number) {
      return new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, until - performance.now()));
        onIdle = () => (clearTimeout(timer), resolve());
        if (open === 0) onIdle();
      });
    },
    /**
     * Ends the run: what is unanswered now stays unfinished, and its requests are dropped, those
     * still queued for a connection first (so no freed socket carries one to the server).
     */
    stop(): number {
      cutoff = performance.now();
      const unanswered = (r: RequestRecord) => Number.isNaN(r.done) && !r.failed;
      const queued = records.flatMap((r, i) => (unanswered(r) && Number.isNaN(r.wire) ? [i] : []));
      const inFlight = records.flatMap((r, i) => (unanswered(r) && !Number.isNaN(r.wire) ? [i] : []));
      for (const i of [...queued, ...inFlight]) requests[i]!.destroy();
      return cutoff;
    },
  };
}

/** One fixed-rate run: the schedule, a wait for the last answers, the cutoff, the summary. */
async function fixedRate(loadTest: LoadTest, spec: FixedRateRun): Promise<OpenLoopRun> {
  const n = Math.max(spec.minRequests, Math.round(spec.rate * spec.seconds));
  const interval = 1000 / spec.rate;
  const agent = new Agent({ keepAlive: true, maxSockets: spec.connections });
  const rec = recorder(agent, interval, n);
  const done = loadTest({
    url: spec.url,
    requestsPerSecond: spec.rate,
    maxRequests: n,
    // A backstop: loadtest ends by itself once all n are answered or failed (the cutoff fails the rest).
    maxSeconds: n / spec.rate + spec.graceMs / 1000 + 5,
    quiet: true,
    requestGenerator: rec.requestGenerator,
  });
  // loadtest settles only once all n are answered or failed, so it is not awaited before the cutoff.
  await Promise.race([rec.issued, done]);
  await rec.idle(performance.now() + spec.graceMs);
  const cutoff = rec.stop();
  await Promise.race([done, new Promise((r) => setTimeout(r, 2000))]);
  agent.destroy();
  const summary = summarizeOpenLoop(rec.records, cutoff);
  await settle(spec.url);
  return summary;
}

/** A closed-loop probe: responses per second over the run, after a warm-up of a fifth of it. */
async function closedLoop(loadTest: LoadTest, spec: ClosedLoopProbe): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: spec.connections });
  const rec = recorder(agent, 0);
  const t0 = performance.now();
  await loadTest({
    url: spec.url,
    concurrency: spec.connections,
    maxSeconds: spec.seconds,
    quiet: true,
    requestGenerator: rec.requestGenerator,
  });
  const cutoff = rec.stop();
  agent.destroy();
  const from = t0 + (spec.seconds * 1000) / 5;
  const answered = rec.records.filter((r) => !r.failed && r.done >= from && r.done <= cutoff).length;
  await settle(spec.url);
  return answered / ((cutoff - from) / 1000);
}

/**
 * Waits until the server has worked through what the last run left it: probes on fresh
 * connections (to `/io?ms=0`, which costs next to nothing) queue behind that backlog, in the sync
 * server's workers and its balancer alike, so once all have been answered, it is done.
 */
async function settle(url: string, probes = 8): Promise<void> {
  const target = new URL('io?ms=0', url);
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const req = get(target, { agent: false, timeout: 30_000 }, (res) => {
        res.resume();
        res.once('end', resolve);
      });
      req.once('timeout', () => req.destroy(new Error(`the server did not settle within 30 s (${url})`)));
      req.once('error', reject);
    });
  await Promise.all(Array.from({ length: probes }, one));
}

if (process.argv[1] === FILE && process.argv[2] === FLAG) {
  const { loadTest } = (await import('loadtest')) as unknown as { loadTest: LoadTest };
  process.on('message', async (m: Job) => {
    try {
      const result = m.kind === 'run' ? await fixedRate(loadTest, m.spec) : await closedLoop(loadTest, m.spec);
      process.send!({ id: m.id, result } satisfies Reply);
    } catch (error) {
      process.send!({ id: m.id, error: (error as Error).stack ?? String(error) } satisfies Reply);
    }
  });
  process.once('disconnect', () => process.exit(0));
  process.send!({ ready: true });
}
