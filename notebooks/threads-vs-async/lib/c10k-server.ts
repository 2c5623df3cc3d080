/**
 * Two servers that hold idle connections, each in its own child process so its resident memory
 * is its own: `event-loop` (one thread; the kernel's epoll tells it which socket is ready) and
 * `thread-per-connection` (a worker thread per client, connection-thread.mjs). On accept, each
 * writes "hi\n" once the connection has its handler, so a client knows it is being served.
 *
 * Started by `startC10kServer(kind)`; this same file is the child's entry point.
 */
import { fork } from 'node:child_process';
import { createServer, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { untilListening } from '../../lib/child-life.ts';
import { exited } from './exited.ts';
import { isTooManyFiles, openFilesLimit, tooManyFilesMessage } from './fd-limit.ts';

export type ServerKind = 'event-loop' | 'thread-per-connection';

export interface ServerStats {
  /** Connections accepted and served ("hi" sent). */
  ready: number;
  /** Resident memory of the whole server process (every thread), in bytes. */
  rss: number;
  /** Resident memory right after it started listening. */
  baselineRss: number;
  /** Set when the server could not take a connection (file descriptors, memory). */
  error?: string;
}

const FILE = fileURLToPath(import.meta.url);
const SERVE = '--serve';
const THREAD = new URL('./connection-thread.mjs', import.meta.url);

export async function startC10kServer(kind: ServerKind) {
  const child = fork(FILE, [SERVE, kind], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const { port } = (await untilListening(child, `the ${kind} server`, 'ipc')) as { port: number };
  return {
    port,
    pid: child.pid!,
    stats: () =>
      new Promise<ServerStats>((resolve) => {
        child.once('message', (m) => resolve(m as ServerStats));
        child.send('stats');
      }),
    stop: () => exited(child),
  };
}

function serve(kind: ServerKind): void {
  const stats: ServerStats = { ready: 0, rss: 0, baselineRss: 0 };
  const fail = (message: string) => (stats.error ??= message);
  const greet = (socket: Socket) => {
    if (socket.destroyed) return;
    socket.write('hi\n');
    stats.ready++;
  };
  const server = createServer((socket) => {
    socket.on('error', () => {}); // a client that vanishes is not the server's failure
    if (kind === 'event-loop') return greet(socket); // nothing to start: the socket joins the epoll set
    const closed = new Int32Array(new SharedArrayBuffer(4));
    let thread: Worker;
    try {
      thread = new Worker(THREAD, { execArgv: [], workerData: { closed: closed.buffer }, stdout: false, stderr: false });
    } catch (error) {
      fail(`could not start a thread for connection ${stats.ready + 1}: ${(error as Error).message}`);
      return void socket.destroy();
    }
    thread.once('message', () => greet(socket));
    thread.once('error', (error) => (fail(`a connection thread failed: ${error.message}`), socket.destroy()));
    socket.once('close', () => (Atomics.store(closed, 0, 1), Atomics.notify(closed, 0)));
  });
  server.on('error', (error) => {
    if (isTooManyFiles(error)) fail(tooManyFilesMessage(`the ${kind} server`, stats.ready + 1, openFilesLimit()));
    else fail(`the ${kind} server failed: ${error.message}`);
  });
  server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => {
    stats.baselineRss = process.memoryUsage().rss;
    process.send!({ port: (server.address() as { port: number }).port });
  });
  // The parent may be disconnecting as it asks: an answer it will not read is not an error.
  process.on(
    'message',
    () => process.connected && process.send!({ ...stats, rss: process.memoryUsage().rss }, undefined, undefined, () => {}),
  );
  process.once('disconnect', () => process.exit(0));
  process.once('SIGTERM', () => process.exit(0));
}

if (process.argv[1] === FILE && process.argv[2] === SERVE && process.send) serve(process.argv[3] as ServerKind);
