// Many machines' results meet on the site: fixture results from several machine ids, generated into
// a throwaway copy of the project (never under the committed public/results), build within the
// page-weight budget; every chart (each declares a spread) draws each machine as a faint mark with a
// selector, and the ledger says on how many machines each verdict holds. One build for all.
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

/** Charts that deliberately declare no spread (content/charts/README.md says why): none today. */
const NO_SPREAD: string[] = [];

/** Every chart of content/charts, by cell id, with its spec. */
const allCharts = (root: string) =>
  readdirSync(join(root, 'content/charts'))
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) =>
      Object.entries(
        JSON.parse(readFileSync(join(root, 'content/charts', f), 'utf8')) as Record<string, { spread?: { measure: string | string[] } }>,
      ).map(([cell, spec]) => ({ id: `${f.replace(/\.json$/, '')}/${cell}`, spec })),
    );

/**
 * Every measure scaled (a spread's, and its interval): another machine, uniformly faster or slower
 * than this one. Parameters (connections, load, layers...) stay: a sweep's points are the same
 * everywhere.
 */
const scaler = (measures: Set<string>) => (rows: Record<string, unknown>[], k: number) =>
  rows.map((r) =>
    Object.fromEntries(
      Object.entries(r).map(([f, v]) => [f, typeof v === 'number' && measures.has(f.replace(/(Lo|Hi)$/, '')) ? v * k : v]),
    ),
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
  const measures = new Set(allCharts(box.dir).flatMap(({ spec }) => [spec.spread?.measure ?? []].flat()));
  const scaled = scaler(measures);
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

  it('draw each machine as a faint mark beside the reference machine, with a selector, on every chart', () => {
    const pages = new Map<string, string>();
    const missing: string[] = [];
    for (const { id, spec } of allCharts(box.dir)) {
      const chapter = id.split('/')[0];
      if (!pages.has(chapter)) pages.set(chapter, readFileSync(join(box.dir, `dist/chapters/${chapter}/index.html`), 'utf8'));
      const html = pages.get(chapter)!;
      const at = html.indexOf(`data-cell="${id}"`);
      expect(at, `${id} is on its chapter's page`).toBeGreaterThan(-1);
      const section = html.slice(at, html.indexOf('</section>', at));
      if (NO_SPREAD.includes(id)) {
        expect(spec.spread, `${id} is listed as a chart without a spread`).toBeUndefined();
        expect(section).not.toContain('am-machine');
        continue;
      }
      if (!spec.spread) missing.push(`${id} (declares no spread)`);
      else if (!section.includes(`class="am-machine-${MACHINES - 1}"`) || !section.includes(`${MACHINES} other machines`))
        missing.push(`${id} (no faint marks)`);
      else expect(section).toMatch(/class="am-spread-note" data-machines="\[/);
    }
    expect(missing).toEqual([]);
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
