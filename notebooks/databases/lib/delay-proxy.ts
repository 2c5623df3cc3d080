/**
 * A database that is not next door, made with a proxy rather than a network: a TCP proxy in front
 * of PostgreSQL that holds every chunk it forwards for half the added round trip, each way, in the
 * order it arrived (the schedule is delay-line.ts). This kernel has no netem and no root for a tc
 * qdisc, so the delay is added in user space. It is not a network: no bandwidth limit, no loss, no
 * jitter beyond its own; one extra hop on loopback that costs CPU (on the same cores as the client
 * and the server), which the cell measures by running the proxy with no delay against no proxy.
 *
 * Node's timers fire on whole milliseconds, too coarse for a 0.5 ms hold, so an alarm thread keeps
 * the time: it sleeps in Atomics.wait (microsecond timeouts) until the first waiting chunk is due,
 * wakes a little early and spins the rest (at most ALARM_EARLY_MS), then tells the proxy's event
 * loop to release what is due. A chunk is never released early; it leaves some 0.05-0.1 ms late
 * (the message between the threads), which the cell's calibration shows. With no delay a chunk is
 * written as soon as it is read, and the alarm thread sleeps.
 *
 * The proxy runs in a child process of its own, pinned with taskset when CPUs are given; the same
 * file is the child's entry point. The child exits when its parent goes away (the IPC channel
 * closes), and the runner ends the whole process group on cancel or timeout.
 */
import { spawn } from 'node:child_process';
import { createServer, connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { stopChild, untilListening } from '../../lib/child-life.ts';
import { pinnedCommand } from '../../lib/cpus.ts';
import { DelayLine } from './delay-line.ts';

export interface DelayProxy {
  port: number;
  pid: number;
  /** Where new connections go: the host and port of a postgres:// connection string. */
  forwardTo(url: string): Promise<void>;
  /** Sets the added round trip (ms; half of it each way) for chunks read from now on. */
  setRoundTrip(ms: number): Promise<void>;
  /** The proxy process's CPU time so far (user + system, all its threads), in seconds. */
  cpuSeconds(): Promise<number>;
  stop(): Promise<void>;
}

/** `url` (a postgres:// connection string) with its host and port replaced by the proxy's. */
export function throughProxy(url: string, port: number): string {
  const u = new URL(url);
  u.hostname = '127.0.0.1';
  u.port = String(port);
  return u.href;
}

const FILE = fileURLToPath(import.meta.url);
const FLAG = '--delay-proxy';
const ALARM_EARLY_MS = 0.06;

interface Upstream {
  host: string;
  port: number;
}
type Request = { id: number; upstream: Upstream } | { id: number; roundTripMs: number } | { id: number; cpu: true };
type Reply = { id: number; cpuSeconds?: number; error?: string };

/**
 * Starts the proxy on CPUs `cpus` (null: not pinned); it forwards nowhere until forwardTo(), so it
 * can start while the database does.
 */
export async function startDelayProxy(cpus: string | null): Promise<DelayProxy> {
  const [cmd, args] = pinnedCommand(cpus, process.execPath, ['--import', 'tsx', FILE, FLAG]);
  const child = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const { port } = (await untilListening(child, 'the delay proxy', 'ipc')) as { port: number };
  const waiting = new Map<number, (r: Reply) => void>();
  child.on('message', (m: Reply) => waiting.get(m.id)?.(m));
  let next = 0;
  const ask = (request: Omit<Request, 'id'>) =>
    new Promise<Reply>((resolve, reject) => {
      const id = ++next;
      waiting.set(id, (r) => (waiting.delete(id), r.error ? reject(new Error(r.error)) : resolve(r)));
      child.send({ ...request, id });
    });
  return {
    port,
    pid: child.pid!,
    forwardTo: async (url) => {
      const u = new URL(url);
      await ask({ upstream: { host: u.hostname, port: Number(u.port || 5432) } });
    },
    setRoundTrip: async (roundTripMs) => void (await ask({ roundTripMs })),
    cpuSeconds: async () => (await ask({ cpu: true })).cpuSeconds!,
    stop: () => stopChild(child),
  };
}

/** The clock both threads read: monotonic, in ms with sub-microsecond resolution. */
const clock = () => Number(process.hrtime.bigint()) / 1e6;

// The alarm thread. Shared memory: [0] a counter the proxy bumps whenever it sets the alarm (so a
// sleep ends at once), [1] (as a float at byte 8) when to ring: 0 for never. After ringing it
// waits for the proxy to answer, which always bumps the counter.
const ALARM = `
const { workerData, parentPort } = require('node:worker_threads');
const seq = new Int32Array(workerData.shared, 0, 1);
const due = new Float64Array(workerData.shared, 8, 1);
const clock = () => Number(process.hrtime.bigint()) / 1e6;
for (;;) {
  const s = Atomics.load(seq, 0);
  const t = due[0];
  if (t === 0) { Atomics.wait(seq, 0, s); continue; }
  const wait = t - clock();
  if (wait > workerData.early) { Atomics.wait(seq, 0, s, wait - workerData.early); continue; }
  while (clock() < t) {}
  parentPort.postMessage(0);
  Atomics.wait(seq, 0, s);
}`;

interface Chunk {
  from: Socket;
  to: Socket;
  /** null: the sender closed its side; end the receiver's. */
  data: Buffer | null;
}

/** The child: forward between clients and the upstream server until told to stop or orphaned. */
function serve(): void {
  let upstream: Upstream | undefined;
  const line = new DelayLine<Chunk>(0);
  const shared = new SharedArrayBuffer(16);
  const seq = new Int32Array(shared, 0, 1);
  const due = new Float64Array(shared, 8, 1);
  const alarm = new Worker(ALARM, { eval: true, workerData: { shared, early: ALARM_EARLY_MS } });
  alarm.unref();
  let armed = 0;
  const setAlarm = (at: number) => {
    if (at === armed) return;
    armed = at;
    due[0] = at;
    Atomics.add(seq, 0, 1);
    Atomics.notify(seq, 0);
  };

  const paused = new WeakSet<Socket>();
  const deliver = ({ from, to, data }: Chunk) => {
    if (to.destroyed || !to.writable) return;
    if (data === null) return void to.end();
    if (!to.write(data) && !paused.has(from)) {
      paused.add(from);
      from.pause();
      to.once('drain', () => (paused.delete(from), from.resume()));
    }
  };
  const release = () => {
    for (const chunk of line.takeDue(clock())) deliver(chunk);
    setAlarm(line.nextDue() ?? 0);
  };
  alarm.on('message', () => {
    armed = -1; // the alarm thread waits for an answer: always give it one
    release();
  });
  const hold = (chunk: Chunk) => {
    const now = clock();
    const at = line.push(chunk, now);
    if (line.size > 1) return; // the alarm is set for an earlier chunk
    if (at <= now) release();
    else setAlarm(at);
  };

  const server = createServer({ allowHalfOpen: true, noDelay: true }, (client) => {
    if (!upstream) return void client.destroy();
    const server = connect({ host: upstream.host, port: upstream.port, allowHalfOpen: true, noDelay: true });
    client.setNoDelay(true);
    const forward = (from: Socket, to: Socket) => {
      from.on('data', (data: Buffer) => hold({ from, to, data }));
      from.on('end', () => hold({ from, to, data: null }));
    };
    forward(client, server);
    forward(server, client);
    const both = () => (client.destroy(), server.destroy());
    client.on('error', both);
    server.on('error', both);
    // A side that closed cleanly has sent its end through the line; one that failed takes the other down.
    client.on('close', (failed) => failed && both());
    server.on('close', (failed) => failed && both());
  });
  server.listen({ port: 0, host: '127.0.0.1', backlog: 1024 }, () => {
    process.send!({ port: (server.address() as { port: number }).port });
  });
  process.on('message', (m: Request) => {
    const reply = (r: Omit<Reply, 'id'>) => process.connected && process.send!({ ...r, id: m.id });
    try {
      if ('upstream' in m) {
        upstream = m.upstream;
        reply({});
      } else if ('roundTripMs' in m) {
        line.setDelay(m.roundTripMs / 2);
        reply({});
      } else {
        const { user, system } = process.cpuUsage();
        reply({ cpuSeconds: (user + system) / 1e6 });
      }
    } catch (error) {
      reply({ error: (error as Error).message });
    }
  });
  process.once('disconnect', () => process.exit(0));
  process.once('SIGTERM', () => process.exit(0));
}

if (process.argv[1] === FILE && process.argv[2] === FLAG && process.send) serve();
