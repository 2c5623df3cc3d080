/**
 * Runs one server style in its own child process (../../lib/child-server.ts: pinned, loopback,
 * stopped with everything it started). `cluster` forks one worker per core, all sharing the port.
 * The same file is the child's entry point: started with `--serve <spec>`, it listens and reports.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { serveAsChild, startChild, type RunningChild } from '../../lib/child-server.ts';
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

export type RunningServer = RunningChild;

const FILE = fileURLToPath(import.meta.url);
const SERVE = '--serve';

export function startServer(spec: ServerSpec, cpus: string | null = null): Promise<RunningServer> {
  return startChild(FILE, SERVE, spec, spec.style, cpus);
}

/** In a server process: build the answer and listen. */
async function listen(spec: ServerSpec): Promise<number> {
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

serveAsChild<ServerSpec>(FILE, SERVE, listen, (spec) => (spec.style === 'cluster' ? (spec.workers ?? availableParallelism()) : undefined));
