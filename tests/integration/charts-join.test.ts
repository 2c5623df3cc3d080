// A chapter whose chart joins a Python cell to a TypeScript one, with a second runtime's results,
// builds: one chart draws the essay, CPython, Node 20 and Bun, each named in the legend, and the
// rows table lists the runtime. Fixture results live in a throwaway copy of the project only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { buildSite } from '../helpers/build.ts';

let box: Sandbox;
let html: string;
let built: { code: number | null; output: string };

beforeAll(async () => {
  box = makeSandbox();
  const charts = join(box.dir, 'content/charts/generator-overhead.json');
  const specs = JSON.parse(readFileSync(charts, 'utf8'));
  specs.calls.join = ['generator-overhead/yield-from'];
  writeFileSync(charts, JSON.stringify(specs, null, 2));
  // Node 20's results of calls as if Bun had measured them (a fixture, in the copy only).
  const calls = JSON.parse(readFileSync(join(box.dir, 'public/results/generator-overhead/calls.json'), 'utf8'));
  calls.provenance = { ...calls.provenance, runtime: 'bun', runtimeVersion: '1.2.19' };
  calls.rows = calls.rows.map((r: Record<string, unknown>) => ({ ...r, runtime: 'Bun 1.2.19', ratio: (r.ratio as number) * 1.5 }));
  mkdirSync(join(box.dir, 'public/results/generator-overhead/calls'), { recursive: true });
  writeFileSync(join(box.dir, 'public/results/generator-overhead/calls/bun.json'), JSON.stringify(calls));
  built = await buildSite(box.dir);
  if (built.code === 0) html = readFileSync(join(box.dir, 'dist/chapters/generator-overhead/index.html'), 'utf8');
}, 300_000);
afterAll(() => box?.remove());

describe('a joined chart', () => {
  it('builds, and its chart names every runtime and the essay', () => {
    expect(built.code, built.output).toBe(0);
    const section = html.slice(html.indexOf('data-cell="generator-overhead/calls"'));
    const chart = section.slice(0, section.indexOf('</figure>'));
    for (const name of ['Node 20', 'Bun 1.2', 'CPython 3.11', 'CPython 3.4 (essay, 2015)']) expect(chart).toContain(name);
    // The rows table lists the runtime, by its name.
    const rows = section.slice(section.indexOf('am-rows'), section.indexOf('</details>'));
    expect(rows).toMatch(/<th[^>]*>runtime<\/th>/);
    expect(rows).toContain('<td>CPython 3.11</td>');
    expect(rows).toContain('<td>Bun 1.2</td>');
  });
});
