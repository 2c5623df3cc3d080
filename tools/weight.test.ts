// The built site loads at most 15 KB (gzip) of JavaScript eagerly on every page, and
// `npm run weight` says so, or fails naming the pages over budget.
import { beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ROOT, userEnv } from '../tests/helpers/sandbox.ts';
import { sharedDist } from '../tests/helpers/build.ts';
import { JS_BUDGET, weighSite } from './page-weight.ts';

function weightCli(dist: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'tools/weight.ts'), dist],
      { cwd: ROOT, env: userEnv() },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

let dist: string;
beforeAll(async () => {
  dist = await sharedDist();
});

describe('page weight of the built site', () => {
  it(`keeps eager JavaScript within ${JS_BUDGET / 1024} KB gzip on every page`, () => {
    const { pages } = weighSite(dist);
    expect(pages.length).toBeGreaterThanOrEqual(14); // both languages' pages and 404
    for (const p of pages) {
      expect(p.js, `${p.page}: ${p.files.join(', ')}`).toBeGreaterThan(0); // the measurement found the scripts
      expect(p.js, `${p.page} loads ${(p.js / 1024).toFixed(1)} KB of JavaScript eagerly`).toBeLessThanOrEqual(JS_BUDGET);
    }
  });

  it('npm run weight reports every page and exits 0', async () => {
    const r = await weightCli(dist);
    expect(r.code, r.stderr).toBe(0);
    for (const page of ['index.html', 'chapters/databases/index.html', 'zh-cn/chapters/databases/index.html'])
      expect(r.stdout).toMatch(new RegExp(`^${page}\\s.*\\sok$`, 'm'));
  });

  it('npm run weight exits 1 and names a page over budget', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'weight-cli-'));
    try {
      mkdirSync(join(dist, '_astro'));
      writeFileSync(join(dist, '_astro/big.js'), randomBytes(20 * 1024).toString('base64')); // incompressible
      writeFileSync(join(dist, 'index.html'), '<script type="module" src="/_astro/big.js"></script>');
      const r = await weightCli(dist);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/^index\.html\s.*\sOVER$/m);
      expect(r.stderr).toContain('index.html');
    } finally {
      rmSync(dist, { recursive: true, force: true });
    }
  });
});
