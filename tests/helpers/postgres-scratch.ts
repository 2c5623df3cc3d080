/**
 * A scratch folder for tests that start an embedded PostgreSQL (AM_SCRATCH_ROOT for the bench CLI),
 * and what "nothing left behind" means for them: no PostgreSQL server with its data in it, none of
 * the test's own processes still running, nothing left in the folder.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PostgresScratch {
  dir: string;
  /** Command lines of PostgreSQL servers whose data directory is in this folder. */
  servers(): string[];
  /** Those, and any other process whose command line `also` matches (a test's servers, proxies…). */
  leftovers(also?: (line: string) => boolean): string[];
  /** What is left in the folder. */
  entries(): string[];
  remove(): void;
}

export function postgresScratch(): PostgresScratch {
  const dir = mkdtempSync(join(tmpdir(), 'am-scratch-'));
  chmodSync(dir, 0o755); // PostgreSQL's own user must be able to reach its data directory
  const processes = () => spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' }).stdout.split('\n');
  const isServer = (l: string) => l.includes('bin/postgres') && l.includes(dir);
  return {
    dir,
    servers: () => processes().filter(isServer),
    leftovers: (also) => processes().filter((l) => isServer(l) || (also?.(l) ?? false)),
    entries: () => readdirSync(dir),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
