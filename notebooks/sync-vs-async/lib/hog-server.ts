/**
 * The three deployments of deployments.ts (sync: a cluster of blocking workers; async: one event
 * loop; hybrid: one loop per CPU), each in its own child process on 127.0.0.1, serving the two
 * routes of the blocking-handler experiment instead of the load sweep's:
 *
 * - `/fast`: what every other request does. It waits `fastMs` for its "database": awaited on the
 *   event loop in async and hybrid, blocking its worker (Atomics.wait) in sync, as in the sweep.
 * - `/hog?kind=cpu`: a fixed amount of arithmetic (spin(), calibrated by the cell to `hogMs`).
 * - `/hog?kind=block`: a synchronous call that blocks the thread for `hogMs` without using the
 *   CPU: Atomics.wait on a SharedArrayBuffer nobody notifies, a futex sleep in the kernel. It
 *   stands for any sync call made from a handler (a sync file read, execSync, a blocking driver).
 *   In a sync worker that is what every wait does anyway; inside an async handler it is the
 *   mistake the essay warns about, since control never returns to the loop until it is over.
 *
 * `ceiling` is the load generator's ceiling: the servers chapter's canned responder, which writes
 * canned bytes without parsing, so the generator can be measured against the fastest possible
 * answer. spin() comes from deployments.ts and blockFor() from block.ts, so both experiments burn
 * the CPU and block a thread the same way; serve-child.ts listens and stops as every server here does.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Server } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { type RunningChild, serveAsChild, startChild } from '../../lib/child-server.ts';
import { cannedServer } from '../../servers/lib/canned-server.ts';
import { blockFor } from './block.ts';
import { type Deployment, spin } from './deployments.ts';
import { serveUntilStopped } from './serve-child.ts';

export type HogKind = 'cpu' | 'block';

export interface HogServerSpec {
  deployment: Deployment | 'ceiling';
  /** How long `/fast` waits (ms): awaited, or blocking in sync. */
  fastMs: number;
  /** How long `/hog?kind=block` blocks the thread (ms). */
  hogMs: number;
  /** How many iterations of spin() `/hog?kind=cpu` runs (about hogMs on this machine). */
  hogIterations: number;
  /** sync and hybrid: how many worker processes (ignored otherwise). */
  workers: number;
}

const FILE = fileURLToPath(import.meta.url);
const FLAG = '--hog-server';

export function startHogServer(spec: HogServerSpec, cpus: string | null = null): Promise<RunningChild> {
  return startChild(FILE, FLAG, spec, spec.deployment, cpus);
}

function serve(spec: HogServerSpec): Promise<number> {
  return serveUntilStopped(spec.deployment === 'ceiling' ? cannedServer(false) : httpServer(spec));
}

function httpServer(spec: HogServerSpec): Server {
  const server = createServer((req, res) => void handle(spec, req, res));
  server.keepAliveTimeout = 30_000;
  return server;
}

async function handle(spec: HogServerSpec, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://x');
  let body = 'ok';
  if (url.pathname === '/hog') {
    const kind = url.searchParams.get('kind');
    if (kind === 'cpu') body = `ok ${spin(spec.hogIterations) & 1}`;
    else if (kind === 'block') blockFor(spec.hogMs);
    else {
      res.statusCode = 400;
      body = 'kind must be cpu or block';
    }
  } else if (url.pathname === '/fast') {
    if (spec.deployment === 'sync') blockFor(spec.fastMs);
    else await sleep(spec.fastMs);
  } else {
    res.statusCode = 404;
    body = 'not found';
  }
  res.setHeader('content-type', 'text/plain');
  res.end(body);
}

serveAsChild<HogServerSpec>(FILE, FLAG, serve, (s) => (s.deployment === 'sync' || s.deployment === 'hybrid' ? s.workers : undefined));
