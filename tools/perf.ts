/**
 * `npm run perf`: measures the site's performance budgets and prints them beside their limits.
 * A benchmark, not a test: it reports, and exits non-zero only if it could not measure.
 *
 *   1. JavaScript a reader's page loads eagerly (gzip), per built page   — budget 15 KB
 *   2. Click Run → first row visible, trivial cell, in Chromium (p50)    — budget 150 ms
 *   2b. The first click after `npm start` → first row of generator-overhead/calls — budget 1 s
 *   3. `astro build` time vs Starlight alone with the same pages          — budget 1.5x
 */
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { makeSandbox } from '../tests/helpers/sandbox.ts';
import { buildSite } from '../tests/helpers/build.ts';
import { launch } from '../tests/helpers/browser.ts';
import { startRunner } from '../tests/helpers/runner.ts';
import { table, formatDuration } from '../core/report.ts';
import { median } from '../core/stats.ts';
import { JS_BUDGET, weighSite } from './page-weight.ts';

const FIRST_ROW_BUDGET_MS = 150;
const FIRST_RUN_AFTER_START_BUDGET_MS = 1000;
const BUILD_RATIO_BUDGET = 1.5;

async function build(dir: string): Promise<number> {
  const r = await buildSite(dir);
  if (r.code !== 0) throw new Error(`build failed in ${dir}:\n${r.output}`);
  return r.ms;
}

/** The same site with every <Cell> replaced by its source as a plain code block: Starlight alone. */
function stripCells(dir: string): void {
  const docs = join(dir, 'content/docs');
  const mdx = readdirSync(docs, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.mdx'));
  for (const f of mdx.map((name) => join(docs, name))) {
    const text = readFileSync(f, 'utf8')
      .replace(/^import Cell from .*$/m, '')
      .replace(
        /<Cell\s[\s\S]*?id="([^"]+)"[\s\S]*?\/>/g,
        (_, id: string) => '```ts\n' + readFileSync(join(dir, 'notebooks', `${id}.ts`), 'utf8') + '\n```',
      );
    writeFileSync(f, text);
  }
}

async function firstRowLatency(samples: number): Promise<number[]> {
  const box = makeSandbox();
  mkdirSync(join(box.dir, 'notebooks/perf'), { recursive: true });
  writeFileSync(
    join(box.dir, 'notebooks/perf/trivial.ts'),
    "import { cell, z } from '../runners/sdk.ts';\nexport default cell({ params: z.object({}), presets: { quick: {}, full: {} }, run({ row }) { row({ x: 1, y: 1 }); } });\n",
  );
  writeFileSync(
    join(box.dir, 'content/docs/chapters/perf-probe.mdx'),
    "---\ntitle: probe\n---\nimport Cell from '../../../src/components/Cell.astro';\n\n<Cell id=\"perf/trivial\" chart={{ marks: [{ mark: 'dot', x: 'x', y: 'y' }] }} />\n",
  );
  const runner = await startRunner(box.dir);
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto(`${runner.origin}/chapters/perf-probe/?token=${runner.token}`);
    await page.locator('.am-run').waitFor();
    const times: number[] = [];
    for (let i = 0; i < samples + 2; i++) {
      // Wait until the previous run is done and the runner has a warm process again.
      await page.waitForFunction(() => !document.querySelector<HTMLButtonElement>('.am-run')!.disabled);
      await page.waitForTimeout(400);
      const ms = await page.evaluate(
        () =>
          new Promise<number>((done) => {
            const el = document.querySelector<HTMLElement>('[data-cell="perf/trivial"]')!;
            const t0 = performance.now();
            const obs = new MutationObserver(() => {
              if (el.dataset.state === 'running' && Number(el.dataset.rows) > 0) {
                obs.disconnect();
                requestAnimationFrame(() => done(performance.now() - t0)); // painted
              }
            });
            obs.observe(el, { attributes: true });
            document.querySelector<HTMLButtonElement>('.am-run')!.click();
          }),
      );
      if (i >= 2) times.push(ms); // the first runs warm up Vite's module graph
    }
    return times;
  } finally {
    await browser.close();
    await runner.stop();
    box.remove();
  }
}

/** A fresh runner (no type-check cache), the chapter page open: the reader's very first Run. */
async function firstRunAfterStart(starts: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < starts; i++) {
    const box = makeSandbox();
    const runner = await startRunner(box.dir);
    const browser = await launch();
    try {
      const page = await browser.newPage();
      await page.goto(`${runner.origin}/chapters/generator-overhead/?token=${runner.token}`);
      const cell = page.locator('[data-cell="generator-overhead/calls"]');
      await cell.locator('.am-run').waitFor();
      times.push(
        await cell.evaluate(
          (el: HTMLElement) =>
            new Promise<number>((done) => {
              const t0 = performance.now();
              const obs = new MutationObserver(() => {
                if (el.dataset.state === 'running' && Number(el.dataset.rows) > 0) {
                  obs.disconnect();
                  requestAnimationFrame(() => done(performance.now() - t0));
                }
              });
              obs.observe(el, { attributes: true });
              el.querySelector<HTMLButtonElement>('.am-run')!.click();
            }),
        ),
      );
    } finally {
      await browser.close();
      await runner.stop();
      box.remove();
    }
  }
  return times;
}

async function main() {
  const rows: string[][] = [];

  process.stderr.write('Building the site and Starlight alone with the same pages (3 builds each)...\n');
  const site = makeSandbox();
  const plain = makeSandbox();
  stripCells(plain.dir);
  try {
    await build(site.dir); // warm the disk cache
    const siteMs = median([await build(site.dir), await build(site.dir), await build(site.dir)]);
    const plainMs = median([await build(plain.dir), await build(plain.dir), await build(plain.dir)]);
    const ratio = siteMs / plainMs;
    rows.push([
      'build time vs Starlight alone',
      `${formatDuration(siteMs)} / ${formatDuration(plainMs)} = ${ratio.toFixed(2)}x`,
      `≤ ${BUILD_RATIO_BUDGET}x`,
      ratio <= BUILD_RATIO_BUDGET ? 'ok' : 'OVER',
    ]);

    for (const { page, js } of weighSite(join(site.dir, 'dist')).pages.filter((p) => !p.page.startsWith('404'))) {
      rows.push([`eager JS ${page}`, `${(js / 1024).toFixed(1)} KB gz`, `≤ ${JS_BUDGET / 1024} KB`, js <= JS_BUDGET ? 'ok' : 'OVER']);
    }
  } finally {
    site.remove();
    plain.remove();
  }

  process.stderr.write('Clicking Run on a trivial cell 20 times in Chromium...\n');
  const times = await firstRowLatency(20);
  const p50 = median(times);
  rows.push([
    'Run → first row visible (p50 of 20)',
    `${p50.toFixed(0)} ms (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)})`,
    `≤ ${FIRST_ROW_BUDGET_MS} ms`,
    p50 <= FIRST_ROW_BUDGET_MS ? 'ok' : 'OVER',
  ]);

  process.stderr.write('Starting the runner 3 times and clicking Run on generator-overhead/calls at once...\n');
  const cold = await firstRunAfterStart(3);
  const coldP50 = median(cold);
  rows.push([
    'first Run after npm start → first row (median of 3 starts)',
    `${coldP50.toFixed(0)} ms (${cold.map((t) => t.toFixed(0)).join(', ')})`,
    `≤ ${FIRST_RUN_AFTER_START_BUDGET_MS} ms`,
    coldP50 <= FIRST_RUN_AFTER_START_BUDGET_MS ? 'ok' : 'OVER',
  ]);

  process.stdout.write(table(['budget', 'measured', 'limit', ''], rows) + '\n');
}

main().catch((e) => {
  process.stderr.write(`perf: ${e?.stack ?? e}\n`);
  process.exit(1);
});
