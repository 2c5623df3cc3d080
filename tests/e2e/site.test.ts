// End to end in headless Chromium: the static build as a reader meets it, and the local
// notebook as a user drives it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { sharedDist } from '../helpers/build.ts';
import { launch } from '../helpers/browser.ts';
import { serveStatic } from '../helpers/static-server.ts';
import { startRunner, type Runner } from '../helpers/runner.ts';

let box: Sandbox;
let dist: string;
let browser: Browser;

beforeAll(async () => {
  dist = await sharedDist(); // built once for the lane, with one cell unmeasured
  box = makeSandbox(); // for the local notebook, which writes results
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  box?.remove();
});

/** Collects console errors and failed requests of a page. */
function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()} ${r.url()}`));
  return problems;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? filesUnder(join(dir, f)) : [join(dir, f)]));
}

describe('the static site', () => {
  it('shows the chapter with highlighted code and an SVG chart, without console errors', async () => {
    const server = await serveStatic(dist);
    try {
      const page = await browser.newPage();
      const problems = watch(page);
      await page.goto(`${server.origin}/chapters/generator-overhead/`);
      const cell = page.locator('[data-cell="generator-overhead/calls"]');
      await expect(cell.getAttribute('data-state')).resolves.toMatch(/^(idle|stale)$/);
      // expressive-code (shiki) colours tokens with inline styles.
      expect(await cell.locator('.expressive-code pre span[style]').count()).toBeGreaterThan(20);
      expect(await cell.locator('.am-chart svg circle').count()).toBeGreaterThanOrEqual(6);
      expect(await cell.locator('.am-provenance').innerText()).toMatch(/Node \d+\.\d+\.\d+ · .* · \d+ cores/);
      const json = await cell.locator('.am-provenance a', { hasText: 'raw JSON' }).getAttribute('href');
      expect((await page.request.get(new URL(json!, page.url()).href)).status()).toBe(200);
      const csv = await cell.locator('.am-provenance a', { hasText: 'CSV' }).getAttribute('href');
      expect(await (await page.request.get(new URL(csv!, page.url()).href)).text()).toMatch(/^source,/);
      // The essay's figures can be hidden, without JavaScript.
      const essay = cell.locator('.am-chart g.am-essay circle').first();
      expect(await essay.isVisible()).toBe(true);
      await cell.getByLabel("Show the essay's figures").uncheck();
      expect(await essay.isVisible()).toBe(false);
      expect(await page.locator('.am-run').count()).toBe(0); // no runner in the static site
      expect(problems).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('reads fine with JavaScript off: the chart is already there', async () => {
    const server = await serveStatic(dist);
    try {
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(`${server.origin}/chapters/generator-overhead/`);
      expect(await page.locator('[data-cell="generator-overhead/calls"] .am-chart svg').count()).toBeGreaterThan(0);
      // A cell without results says so, with the command that measures it.
      const unmeasured = page.locator('[data-cell="generator-overhead/next-to-io"]');
      expect(await unmeasured.locator('.am-notice').innerText()).toBe(
        'Not measured yet. Measure it with npm run bench -- generator-overhead/next-to-io.',
      );
      expect(await unmeasured.locator('.am-chart svg').count()).toBe(0);
      // Its figures in the prose say so too, in place of a number.
      expect(await page.locator('.am-figure', { hasText: '(not measured yet)' }).count()).toBeGreaterThan(0);
      await context.close();
    } finally {
      await server.close();
    }
  });

  it('shows spread and computed verdicts: interval rules and trials on charts, figures and a judged ledger', async () => {
    const server = await serveStatic(dist);
    try {
      const page = await browser.newPage();
      const problems = watch(page);
      await page.goto(`${server.origin}/chapters/servers/`);
      const hello = page.locator('[data-cell="servers/hello"]');
      expect(await hello.locator('.am-chart svg g.am-interval line').count()).toBeGreaterThan(10);
      expect(await hello.locator('.am-chart svg g.am-trial circle').count()).toBeGreaterThan(10);
      // The rows table folds each interval into its measure's cell.
      expect(await hello.locator('.am-rows').textContent()).toMatch(/\d \([\d,.]+–[\d,.]+\)/);
      const figures = page.locator('.am-figure');
      expect(await figures.count()).toBeGreaterThan(10);
      expect(await figures.first().innerText()).toMatch(/^[\d,.]+( \([\d,.]+–[\d,.]+\))?$/);
      const verdicts = await page.locator('.am-ledger tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-verdict')));
      expect(verdicts.length).toBeGreaterThanOrEqual(5);
      for (const v of verdicts)
        expect(['holds', 'does not hold', 'within noise', 'depends', 'unmeasurable', 'too few trials', 'untested']).toContain(v);
      expect(await page.locator('.am-ledger-machine').innerText()).toMatch(
        /Verdicts computed from the stored results: .*\d cores, measured \d{4}-\d\d-\d\d/,
      );
      expect(problems).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('offers notebooks whose links work from where they are served, diagrams embedded (no SITE_URL)', () => {
    const notebooks = filesUnder(dist).filter((f) => f.endsWith('.ipynb'));
    expect(notebooks.length).toBeGreaterThanOrEqual(6);
    let images = 0;
    for (const file of notebooks) {
      const text = readFileSync(file, 'utf8');
      expect(text.match(/[\w.:/-]*(?:example\.org|localhost)[\w./-]*/g) ?? [], file).toEqual([]);
      const nb = JSON.parse(text) as { metadata: { async_measured: { source_url: string } }; cells: Array<{ source: string[] }> };
      const markdown = nb.cells.map((c) => c.source.join('')).join('\n');
      // Links in the prose only: each experiment's code sits in a fenced block, where `f["x"](y)` is code.
      const prose = markdown.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '');
      const links = [nb.metadata.async_measured.source_url, ...[...prose.matchAll(/\]\(<?([^)\s>]+)>?\)/g)].map((m) => m[1])];
      for (const link of links.filter((u) => !/^[a-z][a-z0-9+.-]*:|^#/i.test(u))) {
        const target = resolve(dirname(file), decodeURIComponent(link.replace(/#.*/, '')));
        expect(existsSync(/\/(#.*)?$/.test(link) ? join(target, 'index.html') : target), `${link} in ${file}`).toBe(true);
      }
      images += markdown.split('<img src="data:image/svg+xml;base64,').length - 1;
    }
    expect(images).toBeGreaterThan(0);
  });

  it("marks each cell with its language's runtimes: a Python cell is CPython's, highlighted as Python", () => {
    const page = readFileSync(join(dist, 'chapters/generator-overhead/index.html'), 'utf8');
    const section = (id: string) => page.match(new RegExp(`<section[^>]*data-cell="${id}"[^>]*>`))?.[0] ?? '';
    const runtimes = (id: string) =>
      (
        JSON.parse(
          section(id)
            .match(/data-runtimes="([^"]*)"/)![1]
            .replace(/&#34;|&quot;/g, '"'),
        ) as { id: string }[]
      ).map((r) => r.id);
    expect(section('generator-overhead/yield-from')).toContain('data-runtime="cpython"');
    expect(runtimes('generator-overhead/yield-from')).toEqual(['cpython']);
    expect(section('generator-overhead/calls')).toContain('data-runtime="node20"');
    expect(runtimes('generator-overhead/calls')).toEqual(['node20', 'node22', 'node24', 'bun', 'deno']);
    const block = page.slice(page.indexOf('data-cell="generator-overhead/yield-from"'));
    expect(block.slice(0, block.indexOf('</pre>'))).toMatch(/data-language="py(thon)?"/);
  });

  it('ships nothing of the runner', () => {
    for (const file of filesUnder(dist)) {
      if (!/\.(html|js|mjs|json)$/.test(file)) continue;
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toContain('__runner');
      expect(text, file).not.toContain('client/live');
    }
  });
});

describe('the local notebook', () => {
  let runner: Runner;
  beforeAll(async () => (runner = await startRunner(box.dir)));
  afterAll(async () => runner?.stop());

  it('streams rows into the chart while the cell runs, then completes', async () => {
    const page = await browser.newPage();
    const problems = watch(page);
    // The dev server compiles the chapter on its first request: minutes on a busy machine. The
    // limit is for a hang, not a speed.
    await page.goto(`${runner.origin}/chapters/generator-overhead/?token=${runner.token}`, { timeout: 240_000 });
    const cell = page.locator('[data-cell="generator-overhead/calls"]');
    await cell.locator('.am-run').waitFor();
    const before = Number(await cell.getAttribute('data-rows'));
    expect(before).toBeGreaterThanOrEqual(6);
    // Record every (state, rows) pair the page goes through, as the user would see them.
    await page.evaluate(() => {
      const el = document.querySelector<HTMLElement>('[data-cell="generator-overhead/calls"]')!;
      const seen: string[] = ((window as unknown as { seen: string[] }).seen = []);
      new MutationObserver(() => seen.push(`${el.dataset.state}:${el.dataset.rows}`)).observe(el, { attributes: true });
    });
    // The stored results are full-preset: a quick run replaces them only when the reader says so.
    await cell.getByRole('checkbox', { name: /Replace the full results/ }).check();
    await cell.locator('.am-run').click();
    await page.waitForFunction(
      () => document.querySelector<HTMLElement>('[data-cell="generator-overhead/calls"]')!.dataset.state === 'done',
      null,
      { timeout: 60_000 },
    );
    const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
    // The chart also draws the cell on other runtimes and the cell it joins: the run replaces only
    // Node 20's six rows, so rows stream in above the others and end where they started.
    const others = before - 6;
    const runningWithRows = seen.filter((s) => s.startsWith('running:') && Number(s.split(':')[1]) > others);
    expect(runningWithRows.length, seen.join(' ')).toBeGreaterThan(0);
    expect(Number(await cell.getAttribute('data-rows'))).toBe(before);
    expect(await cell.locator('.am-chart svg circle').count()).toBeGreaterThanOrEqual(6);
    await expect(cell.locator('.am-status').innerText()).resolves.toMatch(/results saved/);
    expect(problems).toEqual([]);
  }, 360_000);
});
