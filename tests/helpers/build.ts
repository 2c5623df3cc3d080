/** Runs `astro build` in a project folder, as `npm run build` would (not in vitest's test mode). */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, userEnv } from './sandbox.ts';

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
