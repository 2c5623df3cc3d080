/**
 * The essay's three deployments, built on Node, each in its own child process on 127.0.0.1 and a
 * free port (pinned with taskset when given CPUs), stopped after the run:
 *
 * - sync:   a `cluster` primary hands connections round-robin to N worker processes (4, as the
 *           essay draws it). Each worker's handler *blocks*: its only thread sleeps in the kernel
 *           for the whole I/O wait (block.ts), so the process serves nothing else until it is over.
 * - async:  one process, one event loop; the handler awaits a timer, and the loop serves other
 *           requests meanwhile.
 * - hybrid: a `cluster` of one async process per CPU.
 * - ceiling: not a deployment but the load generator's ceiling: the servers chapter's canned
 *           responder (one canned answer per chunk read, no parsing), one process.
 *
 * Two routes: `/io` waits `ioMs` (or `?ms=`) as a stand-in for a database call; `/cpu` does a
 * fixed amount of arithmetic (`cpuIterations`, calibrated by the cell to about 5 ms on this
 * machine). A fixed amount of work, not "spin until 5 ms have passed": when several workers share
 * one core, a time-based spin would do less work per request and flatter the shared core.
 * `/stats` answers the number of requests in flight and the process id (async servers only; a
 * sync worker would answer it only between two blocked waits).
 *
 * The same file is the child's entry point (`--deploy <spec>`); ../../lib/child-server.ts starts,
 * clusters and stops it, as for the servers chapter.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { serveAsChild, startChild, type RunningChild } from '../../lib/child-server.ts';
import { cannedServer } from '../../servers/lib/canned-server.ts';
import { blockFor } from './block.ts';
import { serveUntilStopped } from './serve-child.ts';

export type Deployment = 'sync' | 'async' | 'hybrid';

export interface DeploymentSpec {
  deployment: Deployment | 'ceiling';
  /** How long `/io` waits (ms). */
  ioMs: number;
  /** How many iterations of the arithmetic loop `/cpu` runs. */
  cpuIterations: number;
  /** sync and hybrid: how many worker processes (ignored for async). */
  workers: number;
}

export type RunningDeployment = RunningChild;

/** A fixed amount of integer arithmetic (an LCG), returned so the JIT cannot drop it. */
export function spin(iterations: number): number {
  let x = 1;
  for (let i = 0; i < iterations; i++) x = (Math.imul(x, 1103515245) + 12345) | 0;
  return x;
}

/** How many iterations of spin() take `ms` on this core (best of a few tries, after a warm-up). */
export function calibrateSpin(ms: number): number {
  spin(2_000_000);
  let best = Infinity;
  const probe = 5_000_000;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    spin(probe);
    best = Math.min(best, performance.now() - t0);
  }
  return Math.max(1, Math.round((probe / best) * ms));
}

const FILE = fileURLToPath(import.meta.url);
const DEPLOY = '--deploy';

export function startDeployment(spec: DeploymentSpec, cpus: string | null = null): Promise<RunningDeployment> {
  return startChild(FILE, DEPLOY, spec, spec.deployment, cpus);
}

/** In a worker (or the async process): the HTTP server with a blocking or an awaiting handler. */
async function serve(spec: DeploymentSpec): Promise<number> {
  const blocking = spec.deployment === 'sync';
  let inflight = 0;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/stats') {
      res.setHeader('content-type', 'application/json');
      return res.end(JSON.stringify({ inflight, pid: process.pid }));
    }
    inflight++;
    let body = 'ok';
    if (url.pathname === '/cpu') {
      body = `ok ${spin(spec.cpuIterations) & 1}`;
    } else {
      const ms = Number(url.searchParams.get('ms') ?? spec.ioMs);
      if (blocking) blockFor(ms);
      else await sleep(ms);
    }
    inflight--;
    res.setHeader('content-type', 'text/plain');
    res.end(body);
  };
  const server = spec.deployment === 'ceiling' ? cannedServer(false) : createServer((req, res) => void handle(req, res));
  if ('keepAliveTimeout' in server) server.keepAliveTimeout = 30_000;
  return serveUntilStopped(server);
}

serveAsChild<DeploymentSpec>(FILE, DEPLOY, serve, (spec) =>
  spec.deployment === 'sync' || spec.deployment === 'hybrid' ? spec.workers : undefined,
);
