/**
 * A server in a child process of its own (pinned with taskset when given CPUs), on 127.0.0.1 and
 * a free port, so its event loop shares nothing with the cell or the load generator; optionally a
 * `cluster` of worker processes sharing the port, the primary dealing connections round-robin.
 * stop() ends the server and waits until every one of its processes is gone (child-life.ts). A
 * child also exits when its parent goes away (the IPC channel closes), and the runner ends the
 * whole process group on cancel or timeout.
 *
 * The module that defines a server is also its child's entry point: it calls serveAsChild() with
 * its own file and flag, and startChild() starts `node <file> <flag> <spec>`.
 */
import { spawn } from 'node:child_process';
import cluster from 'node:cluster';
import { stopChild, untilListening } from './child-life.ts';
import { pinnedCommand } from './cpus.ts';

export interface RunningChild {
  url: string;
  /** Every process (the cluster primary first, then its workers). */
  pids: number[];
  /** The processes that handle requests (the workers; the one process without cluster). */
  workerPids: number[];
  stop(): Promise<void>;
}

interface Ready {
  port: number;
  pids: number[];
  workerPids: number[];
}

export async function startChild(file: string, flag: string, spec: unknown, what: string, cpus: string | null): Promise<RunningChild> {
  const [cmd, args] = pinnedCommand(cpus, process.execPath, ['--import', 'tsx', file, flag, JSON.stringify(spec)]);
  const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const ready = (await untilListening(child, `the ${what} server`, 'ipc')) as Ready;
  return {
    url: `http://127.0.0.1:${ready.port}/`,
    pids: ready.pids,
    workerPids: ready.workerPids,
    stop: () => stopChild(child, ready.pids),
  };
}

/**
 * In the child: run `listen` (it returns the port) in this process, or — with `workers` — as a
 * cluster primary that forks that many workers running the same file, then report to the parent.
 */
export function serveAsChild<S>(
  file: string,
  flag: string,
  listen: (spec: S) => Promise<number>,
  workersOf: (spec: S) => number | undefined,
): void {
  if (process.argv[1] !== file || process.argv[2] !== flag) return;
  const spec = JSON.parse(process.argv[3]!) as S;
  const workers = workersOf(spec);
  const main = async () => {
    if (workers !== undefined && cluster.isPrimary) return primary(file, flag, spec, workers);
    const port = await listen(spec);
    if (cluster.isPrimary) process.send!({ port, pids: [process.pid], workerPids: [process.pid] } satisfies Ready);
  };
  main().catch((error) => {
    process.stderr.write(`${(error as Error).stack ?? error}\n`);
    process.exit(1);
  });
}

/** The cluster primary: fork the workers (round-robin hand-out), wait until all listen, stop them all on SIGTERM. */
async function primary(file: string, flag: string, spec: unknown, count: number): Promise<void> {
  cluster.schedulingPolicy = cluster.SCHED_RR; // the primary accepts and deals connections out in turn
  cluster.setupPrimary({ exec: file, args: [flag, JSON.stringify(spec)], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const workers = Array.from({ length: count }, () => cluster.fork());
  const ports = await Promise.all(workers.map((w) => new Promise<number>((r) => w.once('listening', (a) => r(a.port)))));
  const stop = () => {
    for (const w of workers) w.process.kill('SIGTERM');
    Promise.all(workers.map((w) => (w.isDead() ? null : new Promise((r) => w.once('exit', r))))).then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('disconnect', stop);
  const workerPids = workers.map((w) => w.process.pid!);
  process.send!({ port: ports[0], pids: [process.pid, ...workerPids], workerPids } satisfies Ready);
}
