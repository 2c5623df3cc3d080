/**
 * Global setup of the "site and runner" lane: names the file where tests/helpers/build.ts's
 * sharedDist() records the one build it shares between test files, and removes that build
 * when the run ends.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers/sandbox.ts';

export default function setup() {
  const runs = join(ROOT, '.runs');
  mkdirSync(runs, { recursive: true });
  const record = join(runs, `shared-build-${process.pid}.txt`);
  process.env.AM_SHARED_BUILD = record;
  return () => {
    rmSync(`${record}.lock`, { recursive: true, force: true });
    if (!existsSync(record)) return;
    rmSync(readFileSync(record, 'utf8'), { recursive: true, force: true });
    rmSync(record, { force: true });
  };
}
