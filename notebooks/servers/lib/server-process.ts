/**
 * Runs one server style in its own child process (pinned with taskset when given CPUs), on
 * 127.0.0.1 and a free port, so its event loop shares nothing with the cell or the load
 * generator. `cluster` forks one worker per core (all sharing the port, the primary handing out
 * connections round-robin). stop() ends the server and waits until every one of its processes is
 * gone. A child also exits when its parent goes away (the IPC channel closes), and the runner ends
 * the whole process group on cancel or timeout.
 *
 * The same file is the child's entry point: started with `--serve <spec>`, it listens and reports.
 */
import { spawn } from 'node:child_process';
import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { pinnedCommand } from '../../lib/cpus.ts';
import { type AnswerSource, type Driver, hello, selectOne } from './answers.ts';
import { STYLES, type StyleId } from './styles.ts';

export interface ServerSpec {
  style: StyleId;
  /** SELECT 1 per request through this driver (else hello world). */
  driver?: Driver;
  dbUrl?: string;
  poolSize?: number;
  /** cluster only: how many workers (default: one per core). */
  workers?: number;
}

export interface RunningServer {
  url: string;
  /** Every process of the server (the primary first, for cluster). */
  pids: number[];
  stop(): Promise<void>;
}

const FILE = fileURLToPath(import.meta.url);
const SERVE = '--serve';

export async function startServer(spec: ServerSpec, cpus: string | null = null): Promise<RunningServer> {
  const [cmd, args] = pinnedCommand(cpus, process.execPath, ['--import', 'tsx', FILE, SERVE, JSON.stringify(spec)]);
  const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const ready = await new Promise<{ port: number; pids: number[] }>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the ${spec.style} server exited (code ${code}) before it listened`)));
    child.once('message', (m) => resolve(m as { port: number; pids: number[] }));
  });
  child.removeAllListeners('exit');
  const exited = new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
  return {
    url: `http://127.0.0.1:${ready.port}/`,
    pids: ready.pids,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const kill = setTimeout(() => ready.pids.forEach((pid) => tryKill(pid, 'SIGKILL')), 3000);
      await exited;
      while (ready.pids.some(alive)) await new Promise((r) => setTimeout(r, 20));
      clearTimeout(kill);
    },
  };
}

function alive(pid: number): boolean {
  return tryKill(pid, 0);
}
function tryKill(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** In a server process: build the answer and listen. */
async function listen(spec: ServerSpec) {
  const source: AnswerSource = spec.driver ? selectOne(spec.driver, spec.dbUrl!, spec.poolSize ?? 10) : hello;
  const listening = await STYLES[spec.style].listen(source.answer, 0);
  const stop = async () => {
    await Promise.race([Promise.all([listening.close(), source.close()]), new Promise((r) => setTimeout(r, 1000))]);
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('disconnect', () => void stop());
  return listening.port;
}

/** The cluster primary: fork the workers, wait until all listen, stop them all on SIGTERM. */
async function primary(spec: ServerSpec) {
  cluster.setupPrimary({ exec: FILE, args: [SERVE, JSON.stringify(spec)], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const workers = Array.from({ length: spec.workers ?? availableParallelism() }, () => cluster.fork());
  const ports = await Promise.all(workers.map((w) => new Promise<number>((r) => w.once('listening', (a) => r(a.port)))));
  const stop = () => {
    for (const w of workers) w.process.kill('SIGTERM');
    Promise.all(workers.map((w) => (w.isDead() ? null : new Promise((r) => w.once('exit', r))))).then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('disconnect', stop);
  process.send!({ port: ports[0], pids: [process.pid, ...workers.map((w) => w.process.pid!)] });
}

async function main(spec: ServerSpec) {
  if (spec.style === 'cluster' && cluster.isPrimary) return primary(spec);
  const port = await listen(spec);
  if (cluster.isPrimary) process.send!({ port, pids: [process.pid] });
}

if (process.argv[1] === FILE && process.argv[2] === SERVE) {
  main(JSON.parse(process.argv[3]!) as ServerSpec).catch((error) => {
    process.stderr.write(`${(error as Error).stack ?? error}\n`);
    process.exit(1);
  });
}
