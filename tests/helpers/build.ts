/** Runs `astro build` in a project folder, as `npm run build` would (not in vitest's test mode). */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSandbox, ROOT, userEnv } from './sandbox.ts';

/** `env` adds variables to the build's environment (e.g. BASE_PATH, SITE_URL). */
export function buildSite(dir: string, env: Record<string, string> = {}): Promise<{ code: number | null; output: string; ms: number }> {
  const t = performance.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, 'node_modules/astro/astro.js'), 'build'],
      { cwd: dir, timeout: 300_000, env: userEnv({ ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1', ...env }), maxBuffer: 64 << 20 },
      (error, stdout, stderr) =>
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          output: stdout + stderr,
          ms: performance.now() - t,
        }),
    );
  });
}

/**
 * The project, built once per test run, for tests that only read its dist/ (the static site
 * test, the accessibility crawl, the page weight): the first caller builds a sandbox, later
 * callers reuse it (callers at the same time wait for the first one's build). It is the project as
 * committed but for one cell's results (UNMEASURED). tests/global-build.ts names the record file for
 * the run and removes the sandbox at the end.
 * Callers must not write into the folder.
 */
export const UNMEASURED = 'public/results/generator-overhead/next-to-io.json';

export async function sharedDist(): Promise<string> {
  const record = process.env.AM_SHARED_BUILD;
  if (!record) throw new Error('AM_SHARED_BUILD is not set: run the tests through vitest (tests/global-build.ts sets it)');
  // Test files of the lane run side by side: the first caller takes the lock (an atomic mkdir) and
  // builds; the others wait until the record is written, or the lock is given up after a failed
  // build (then the next one tries and fails with its own output).
  for (;;) {
    if (existsSync(record)) return join(readFileSync(record, 'utf8'), 'dist');
    if (takeLock(`${record}.lock`)) break;
    await new Promise((r) => setTimeout(r, 200)); // polls the lock and the record, the states waited on
  }
  try {
    return await buildShared(record);
  } finally {
    rmSync(`${record}.lock`, { recursive: true, force: true });
  }
}

/** True when this call created the lock directory, false when another process holds it. */
function takeLock(lock: string): boolean {
  try {
    mkdirSync(lock);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

async function buildShared(record: string): Promise<string> {
  if (existsSync(record)) return join(readFileSync(record, 'utf8'), 'dist'); // built while the lock was taken
  const box = makeSandbox();
  // One cell left unmeasured, so the pages show that state too: the site test checks how it reads,
  // the accessibility crawl checks it like every other state.
  rmSync(join(box.dir, UNMEASURED), { force: true });
  rmSync(join(box.dir, UNMEASURED.replace(/\.json$/, '')), { recursive: true, force: true }); // and its other runtimes
  const build = await buildSite(box.dir);
  if (build.code !== 0) {
    box.remove();
    throw new Error(`astro build failed:\n${build.output}`);
  }
  writeFileSync(`${record}.tmp`, box.dir);
  renameSync(`${record}.tmp`, record); // whole, for the callers waiting on it
  return join(box.dir, 'dist');
}
