/** Runs `astro build` in a project folder, as `npm run build` would (not in vitest's test mode). */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, userEnv } from './sandbox.ts';

export function buildSite(dir: string): { code: number | null; output: string; ms: number } {
  const t = performance.now();
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/astro/astro.js'), 'build'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 300_000,
    env: userEnv({ ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1' }),
  });
  return { code: r.status, output: r.stdout + r.stderr, ms: performance.now() - t };
}
