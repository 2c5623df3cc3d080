/**
 * A web service that asks PostgreSQL once per request, deployed the two ways the essay compares,
 * each in its own child process on 127.0.0.1 and a free port (pinned with taskset when given CPUs),
 * stopped after the run:
 *
 * - sync:  a `cluster` primary deals connections round-robin to N worker processes. Each worker
 *          opens one connection of its own with pg-native and answers a request with `querySync`,
 *          which blocks the worker's only thread inside libpq until PostgreSQL replies: the
 *          worker serves nothing else meanwhile, as a Flask + psycopg2 sync worker does.
 * - async: one process, one event loop, a `pg.Pool` (pure JavaScript) of M connections; the
 *          handler awaits the query and the loop serves other requests meanwhile. A request that
 *          finds every connection busy waits in the pool's queue.
 * - ceiling: canned bytes, no parsing, no database (../../servers/lib/canned-server.ts): the
 *          fastest any server could look to the load generator.
 *
 * Every request runs the same query (db-query.ts) with the next id of a per-process counter.
 * The same file is the child's entry point (`--db-deploy <spec>`); ../../lib/child-server.ts starts,
 * clusters and stops it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import Native from 'pg-native';
import { serveAsChild, startChild, type RunningChild } from '../../lib/child-server.ts';
import { cannedServer } from '../../servers/lib/canned-server.ts';
import { ITEM_QUERY, itemParams } from './db-query.ts';
import { serveUntilStopped } from './serve-child.ts';

export type DbDeployment = 'sync' | 'async' | 'ceiling';

export interface DbDeploymentSpec {
  deployment: DbDeployment;
  dbUrl: string;
  /** sync: worker processes, one connection each; async: connections in the pool. */
  connections: number;
  /** How long each query waits inside PostgreSQL (ms). */
  waitMs: number;
  /** Rows in the table (ids 1..rows). */
  rows: number;
}

const FILE = fileURLToPath(import.meta.url);
const FLAG = '--db-deploy';

export function startDbDeployment(spec: DbDeploymentSpec, cpus: string | null = null): Promise<RunningChild> {
  return startChild(FILE, FLAG, spec, spec.deployment, cpus);
}

/** One query: blocking (sync) or awaited (async); `close` ends the connection(s). */
interface Db {
  item(id: number): unknown;
  close(): Promise<void>;
}

function syncDb(spec: DbDeploymentSpec): Db {
  const client = new Native();
  client.connectSync(spec.dbUrl);
  return {
    item: (id) => client.querySync(ITEM_QUERY, itemParams(id, spec.waitMs))[0],
    close: () => new Promise<void>((resolve) => client.end(resolve)),
  };
}

function asyncDb(spec: DbDeploymentSpec): Db {
  const pool = new pg.Pool({ connectionString: spec.dbUrl, max: spec.connections });
  return {
    item: async (id) => (await pool.query(ITEM_QUERY, itemParams(id, spec.waitMs))).rows[0],
    close: () => pool.end(),
  };
}

/** In a sync worker, the async process or the ceiling: listen, and stop cleanly on SIGTERM. */
async function serve(spec: DbDeploymentSpec): Promise<number> {
  let server: Server;
  let db: Db | undefined;
  if (spec.deployment === 'ceiling') server = cannedServer(false);
  else {
    const open = spec.deployment === 'sync' ? syncDb(spec) : asyncDb(spec);
    db = open;
    let next = 0;
    const handle = async (res: ServerResponse) => {
      try {
        // sync: this call returns only when PostgreSQL has answered; nothing else runs meanwhile.
        const row = await open.item((next++ % spec.rows) + 1);
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(row));
      } catch (error) {
        res.statusCode = 500;
        res.end(String((error as Error).message));
      }
    };
    const http = createServer((_req: IncomingMessage, res: ServerResponse) => void handle(res));
    http.keepAliveTimeout = 30_000;
    server = http;
  }
  return serveUntilStopped(server, db ? () => db.close() : undefined);
}

serveAsChild<DbDeploymentSpec>(FILE, FLAG, serve, (spec) => (spec.deployment === 'sync' ? spec.connections : undefined));
