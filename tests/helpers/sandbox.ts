/**
 * A throwaway copy of the project for tests that write results or start the runner, so running
 * the tests never replaces the committed results in the real checkout. It lives in .runs/ inside
 * the project, so packages resolve from the project's node_modules by Node's usual upward search
 * (a symlinked node_modules confuses Astro's dev server).
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');
const COPY = [
  'astro.config.mjs',
  'package.json',
  'tsconfig.json',
  'content',
  'notebooks',
  'core',
  'store',
  'runners',
  'export',
  'src',
  'public',
];

export interface Sandbox {
  dir: string;
  remove(): void;
}

/**
 * `parent` puts the copy elsewhere (then it has no node_modules above it: the test provides one).
 */
export function makeSandbox(options: { parent?: string } = {}): Sandbox {
  const parent = options.parent ?? join(ROOT, '.runs');
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(join(parent, 'sandbox-'));
  for (const entry of COPY) cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
  if (!options.parent) {
    // The checkout's type-check cache (tests/global-typecheck.ts fills it), shared: keyed by source
    // hash, so an unchanged cell is not checked again in every sandbox. A write torn by another
    // lane's reads as no cache: that run checks again.
    mkdirSync(join(dir, '.runs'), { recursive: true });
    symlinkSync(join(ROOT, '.runs', 'typecheck.json'), join(dir, '.runs', 'typecheck.json'));
  }
  return {
    dir,
    remove: () => {
      // A process working in the copy (a dev server's helper after its runner was SIGKILLed, the
      // last process of a run) may still write into it: wait until none is left, then remove.
      waitUntil(() => processesIn(dir).length === 0, 30_000);
      rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
}

/** Pids whose working directory is inside `dir` (Linux /proc; none elsewhere). */
export function processesIn(dir: string): number[] {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return [];
  }
  return pids.flatMap((pid) => {
    try {
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      return cwd === dir || cwd.startsWith(`${dir}/`) ? [Number(pid)] : [];
    } catch {
      return []; // gone, or not ours to read
    }
  });
}

/** Blocks (sync callers: afterAll, finally) until `done()` or the limit, checking every 100 ms. */
function waitUntil(done: () => boolean, limitMs: number): void {
  const tick = new Int32Array(new SharedArrayBuffer(4));
  for (const end = Date.now() + limitMs; !done() && Date.now() < end; ) Atomics.wait(tick, 0, 0, 100);
}

/** The environment a user's shell would have: without vitest's own variables (VITEST, NODE_ENV=test...). */
export function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !k.startsWith('VITEST') && !['TEST', 'NODE_ENV', 'MODE', 'PROD', 'DEV', 'SSR', 'BASE_URL'].includes(k),
    ),
  );
  return { ...env, ...extra };
}
