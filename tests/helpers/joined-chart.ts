/**
 * A fixture for a sandbox (never the checkout): generator-overhead's calls chart joins the Python
 * cell yield-from, declares a spread, and gains Node 20's results as if Bun had measured them.
 * tests/e2e/subpath.test.ts builds it into its sub-path site (one astro build serves both) and
 * checks the joined chart there.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function addJoinedChart(dir: string): void {
  const charts = join(dir, 'content/charts/generator-overhead.json');
  const specs = JSON.parse(readFileSync(charts, 'utf8'));
  specs.calls.join = ['generator-overhead/yield-from'];
  // A spread declared, but no other machine's results: the chart shows this one plainly.
  specs.calls.spread = { baseline: { variant: 'plain' }, measure: 'ratio' };
  writeFileSync(charts, JSON.stringify(specs, null, 2));
  // Node 20's results of calls as if Bun had measured them (a fixture, in the copy only).
  const calls = JSON.parse(readFileSync(join(dir, 'public/results/generator-overhead/calls.json'), 'utf8'));
  calls.provenance = { ...calls.provenance, runtime: 'bun', runtimeVersion: '1.2.19' };
  calls.rows = calls.rows.map((r: Record<string, unknown>) => ({ ...r, runtime: 'Bun 1.2.19', ratio: (r.ratio as number) * 1.5 }));
  mkdirSync(join(dir, 'public/results/generator-overhead/calls'), { recursive: true });
  writeFileSync(join(dir, 'public/results/generator-overhead/calls/bun.json'), JSON.stringify(calls));
}
