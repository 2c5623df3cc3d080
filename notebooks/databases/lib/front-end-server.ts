/**
 * The three forms of the front-end cell, each an HTTP server in a child process of its own
 * (../../lib/child-server.ts: pinned, loopback, stopped with everything it started), answering
 * every request with the business logic of business.ts:
 *
 * - async:         one process, one event loop; the handler awaits pg (a pool of `connections`)
 *                  and does the CPU work on the loop.
 * - sync:          a `cluster` of `connections` worker processes, each with one blocking libpq
 *                  connection; a worker's handler blocks for the whole request, and serves
 *                  nothing else until it is done.
 * - frontend-pool: Bayer's arrangement. One event loop handles HTTP and hands each request to a
 *                  piscina pool of `connections` worker threads, each with its own blocking libpq
 *                  connection, running the blocking version of the same logic.
 * - ceiling:       canned bytes and no HTTP parsing (the servers chapter's responder): the fastest
 *                  any server can look to the load generator, to tell when the generator is the limit.
 *
 * The same file is the child's entry point (`--front-end <spec>`).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import Native from 'pg-native';
import { Piscina } from 'piscina';
import { serveAsChild, startChild, type RunningChild } from '../../lib/child-server.ts';
import { seededRandom } from '../../lib/random.ts';
import { cannedServer } from '../../servers/lib/canned-server.ts';
import { listenOn } from '../../servers/lib/listen.ts';
import { type Answer, awaitingRequest, blockingRequest, type Mix, SESSION } from './business.ts';
import type { Task } from './front-end-worker.ts';

export type Form = 'async' | 'sync' | 'frontend-pool';

export interface FrontEndSpec {
  form: Form | 'ceiling';
  dbUrl: string;
  mix: Mix;
  /** Requests pick one of this many categories at random. */
  categories: number;
  /** Database connections: the async pool's size, the sync form's processes, the pool's threads. */
  connections: number;
}

const FILE = fileURLToPath(import.meta.url);
const FLAG = '--front-end';
const WORKER = new URL('./front-end-worker.ts', import.meta.url).href;

export function startFrontEnd(spec: FrontEndSpec, cpus: string | null): Promise<RunningChild> {
  return startChild(FILE, FLAG, spec, spec.form, cpus);
}

interface Handler {
  handle(category: number): Answer | Promise<Answer>;
  close(): Promise<void> | void;
}

/** The request handler of each form, its connections open before it listens. */
async function handlerOf(spec: FrontEndSpec): Promise<Handler> {
  const { dbUrl: url, mix, connections: n } = spec;
  if (spec.form === 'sync') {
    const db = new Native();
    db.connectSync(url);
    db.querySync(SESSION);
    return { handle: (category) => blockingRequest(db, mix, category), close: () => db.end() };
  }
  if (spec.form === 'async') {
    const pool = new pg.Pool({ connectionString: url, max: n });
    pool.on('connect', (c) => void c.query(SESSION).catch(() => {})); // queued before any request's query
    const opened = await Promise.all(Array.from({ length: n }, () => pool.connect()));
    for (const c of opened) c.release();
    return { handle: (category) => awaitingRequest(pool, mix, category), close: () => pool.end() };
  }
  const pool = new Piscina<Task, Answer | null>({
    filename: WORKER,
    minThreads: n,
    maxThreads: n,
    idleTimeout: 60 * 60_000,
    workerData: { url, mix },
  });
  const barrier = new SharedArrayBuffer(4);
  await Promise.all(Array.from({ length: n }, () => pool.run({ barrier, of: n }))); // every thread started and connected
  return { handle: (category) => pool.run({ category }) as Promise<Answer>, close: () => pool.destroy() };
}

/** In the child (or in each cluster worker): the form's server on 127.0.0.1; returns its port. */
async function listen(spec: FrontEndSpec): Promise<number> {
  if (spec.form === 'ceiling') {
    const canned = await listenOn(cannedServer(false));
    onStop(() => canned.close());
    return canned.port;
  }
  const handler = await handlerOf(spec);
  const pick = seededRandom(process.pid);
  let failures = 0;
  let stopping = false; // requests cut short by the stop are not failures worth a line
  const reply = (res: ServerResponse) => (answer: Answer) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(answer));
  };
  const fail = (res: ServerResponse) => (error: unknown) => {
    if (!stopping && failures++ === 0) process.stderr.write(`${spec.form}: ${(error as Error).stack ?? error}\n`); // the first one, not thousands
    res.statusCode = 500;
    res.end();
  };
  const server = createServer((_req: IncomingMessage, res: ServerResponse) => {
    let answer: Answer | Promise<Answer>;
    try {
      answer = handler.handle(pick(spec.categories)); // the sync form blocks right here
    } catch (error) {
      return fail(res)(error);
    }
    Promise.resolve(answer).then(reply(res), fail(res));
  });
  server.keepAliveTimeout = 30_000;
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => (sockets.add(s), s.once('close', () => sockets.delete(s))));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve);
  });
  onStop(async () => {
    stopping = true;
    server.close();
    for (const s of sockets) s.destroy();
    await handler.close();
  });
  return (server.address() as { port: number }).port;
}

/** On SIGTERM, or when the parent goes away: stop (at most a second), then exit. */
function onStop(stop: () => Promise<void> | void): void {
  const exit = async () => {
    await Promise.race([Promise.resolve().then(stop), new Promise((r) => setTimeout(r, 1000))]).catch(() => {});
    process.exit(0);
  };
  process.once('SIGTERM', () => void exit());
  process.once('disconnect', () => void exit());
}

serveAsChild<FrontEndSpec>(FILE, FLAG, listen, (spec) => (spec.form === 'sync' ? spec.connections : undefined));
