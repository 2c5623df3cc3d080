// Many machines' results meet on the site: fixture results from several machine ids, generated into
// a throwaway copy of the project (never under the committed public/results), build within the
// page-weight budget; a chart with a spread draws each machine as a faint mark with a selector, and
// the ledger says on how many machines each verdict holds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { buildSite } from '../helpers/build.ts';
import { machineId } from '../../core/machine.ts';
import { weighSite } from '../../tools/page-weight.ts';

const MACHINES = 12;
let box: Sandbox;
let built: { code: number | null; output: string };

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? jsonFiles(path) : name.endsWith('.json') ? [path] : [];
  });
}

/** Every numeric field scaled: another machine, uniformly faster or slower than this one. */
const scaled = (rows: Record<string, unknown>[], k: number) =>
  rows.map((r) =>
    Object.fromEntries(Object.entries(r).map(([f, v]) => [f, typeof v === 'number' && f !== 'trial' && f !== 'trials' ? v * k : v])),
  );

beforeAll(async () => {
  box = makeSandbox();
  const charts = join(box.dir, 'content/charts/generator-overhead.json');
  const specs = JSON.parse(readFileSync(charts, 'utf8'));
  specs.calls.spread = { baseline: { variant: 'plain' }, measure: 'nsPerCall' };
  specs.calls.x = { ...specs.calls.x, label: 'ns' };
  specs.calls.marks[1].x = 'nsPerCall';
  specs.calls.marks[0].options = { x: 0.5 };
  writeFileSync(charts, JSON.stringify(specs, null, 2));
  const results = join(box.dir, 'public/results');
  const files = jsonFiles(results);
  for (let i = 0; i < MACHINES; i++) {
    const id = machineId({
      cpu: `Fixture CPU ${i}`,
      cores: 2 + (i % 4) * 2,
      memoryBytes: 8 * 2 ** 30,
      os: 'Linux 6.1 x64',
      machine: `fixture${i}`,
    });
    const k = 0.5 + i / 8;
    for (const file of files) {
      const r = JSON.parse(readFileSync(file, 'utf8'));
      // Generators relatively dearer on every other machine: its spread is not our figures again.
      const rows = scaled(r.rows, k).map((row) =>
        row.variant === 'plain' || i % 2 === 0 ? row : { ...row, nsPerCall: (row.nsPerCall as number) * 1.3 },
      );
      const out = { ...r, rows, trials: scaled(r.trials, k), provenance: { ...r.provenance, cpu: `Fixture CPU ${i}` } };
      const to = join(results, 'machines', id, relative(results, file));
      mkdirSync(dirname(to), { recursive: true });
      writeFileSync(to, JSON.stringify(out));
    }
  }
  built = await buildSite(box.dir);
}, 300_000);
afterAll(() => box?.remove());

describe('many machines', () => {
  it('build within the page-weight budget', () => {
    expect(built.code, built.output).toBe(0);
    const { pages } = weighSite(join(box.dir, 'dist'));
    expect(pages.filter((p) => p.overBudget).map((p) => p.page)).toEqual([]);
  });

  it('draw each machine as a faint mark beside the reference machine, with a selector, on the chart with a spread only', () => {
    const html = readFileSync(join(box.dir, 'dist/chapters/generator-overhead/index.html'), 'utf8');
    const calls = html.slice(html.indexOf('data-cell="generator-overhead/calls"'));
    const section = calls.slice(0, calls.indexOf('</section>'));
    expect(section).toContain(`class="am-machine-${MACHINES - 1}"`);
    expect(section).toContain(`${MACHINES} other machines`);
    expect(section).toMatch(/class="am-spread-note" data-machines="\[/);
    // The other charts of the page declare no spread: they show the reference machine only.
    const yieldFrom = html.slice(html.indexOf('data-cell="generator-overhead/yield-from"'));
    expect(yieldFrom.slice(0, yieldFrom.indexOf('</section>'))).not.toContain('am-machine');
  });

  it('say in the ledger on how many machines each verdict holds', () => {
    const html = readFileSync(join(box.dir, 'dist/chapters/servers/index.html'), 'utf8');
    expect(html).toMatch(
      new RegExp(`(holds|does not hold|within noise|depends|unmeasurable|too few trials) on \\d+ of ${MACHINES + 1} machines`),
    );
    const zh = readFileSync(join(box.dir, 'dist/zh-cn/chapters/servers/index.html'), 'utf8');
    expect(zh).toContain(`${MACHINES + 1} 台机器中有`);
  });
});
