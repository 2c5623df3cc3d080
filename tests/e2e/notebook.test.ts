// The local notebook as a Jupyter user drives it, end to end in Chromium against the real runner:
// edit a cell and run the edit, reset, save, parameters (bad values refused), Run all, reload in
// the middle of a run, history overlay, and all of it from the keyboard. Then what the page must
// tell truthfully: a failed or cancelled run leaves the stored chart, a Save makes one status,
// overlays add marks, and a quick run asks before it replaces full results.
// Every wait is on the page's state or text (tests/helpers/page-waits.ts), never on time: these
// tests must pass on a 2-core machine with both cores busy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { makeSandbox, ROOT, type Sandbox } from '../helpers/sandbox.ts';
import { launch } from '../helpers/browser.ts';
import { startRunner, type Runner } from '../helpers/runner.ts';
import { PAGE_WAIT_MS, waitRows, waitState, waitText, waitValue } from '../helpers/page-waits.ts';

let box: Sandbox;
let browser: Browser;
let runner: Runner;
const FIXTURES = join(ROOT, 'tests/fixtures/notebook');
const rowsFile = () => join(box.dir, 'notebooks/demo/rows.ts');

beforeAll(async () => {
  // The runner finds Bun (for the runtime selector's case) in the project's runtime cache.
  process.env.AM_RUNTIMES_DIR ??= join(ROOT, '.runtimes');
  box = makeSandbox();
  mkdirSync(join(box.dir, 'notebooks/demo'));
  for (const f of ['rows.ts', 'slow.ts'])
    writeFileSync(
      join(box.dir, 'notebooks/demo', f),
      readFileSync(join(FIXTURES, f), 'utf8').replaceAll('../../../runners/', '../../runners/'),
    );
  writeFileSync(join(box.dir, 'content/docs/chapters/demo.mdx'), readFileSync(join(FIXTURES, 'demo.mdx'), 'utf8'));
  // A cell that reports its own error when stopped, on a page of its own (demo's Run all stays two cells).
  writeFileSync(
    join(box.dir, 'notebooks/demo/dying.ts'),
    readFileSync(join(ROOT, 'tests/fixtures/cells/dying-words.ts'), 'utf8').replaceAll('../../../runners/', '../../runners/'),
  );
  writeFileSync(
    join(box.dir, 'content/docs/chapters/demo-stop.mdx'),
    "---\ntitle: Stopping\ndescription: A cell with dying words.\n---\nimport Cell from '../../../src/components/Cell.astro';\n\n<Cell id=\"demo/dying\" chart={{ marks: [{ mark: 'dot', x: 'i', y: 'i' }] }} />\n",
  );
  [browser, runner] = await Promise.all([launch(), startRunner(box.dir)]);
  // The first visit compiles the page and the live client: pay for it here, not in a test.
  await (await open()).page.close();
}, 300_000);
afterAll(async () => {
  await runner?.stop();
  await browser?.close();
  box?.remove();
});

async function open(path = '/chapters/demo/', first = 'demo/rows'): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  page.setDefaultTimeout(PAGE_WAIT_MS);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && !/status of 400/.test(m.text()) && problems.push(`console: ${m.text()}`));
  // Not the load event: a busy dev server may take long over a module the test never needs.
  await page.goto(`${runner.origin}${path}?token=${runner.token}`, { waitUntil: 'domcontentloaded', timeout: PAGE_WAIT_MS });
  await page.locator(`[data-cell="${first}"] .am-run`).waitFor({ timeout: PAGE_WAIT_MS });
  return { page, problems };
}

const state = (page: Page, id: string) => page.locator(`[data-cell="${id}"]`).getAttribute('data-state');
const storedRows = (id: string): number | undefined => {
  const file = join(box.dir, 'public/results', `${id}.json`);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).rows.length : undefined;
};
/** Earlier cases leave stored results behind; a case run on its own (-t) makes its own. */
async function ensureStored(page: Page, id: string): Promise<number> {
  if (storedRows(id) === undefined) {
    await page.locator(`[data-cell="${id}"] .am-run`).click();
    await waitState(page, id, 'running');
    await waitState(page, id, 'done');
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.locator(`[data-cell="${id}"] .am-run`).waitFor();
  }
  return storedRows(id)!;
}
const poll = { timeout: PAGE_WAIT_MS };

describe('the notebook page', { timeout: 300_000 }, () => {
  it('runs edited code without saving it, says so, and Reset returns to the file', async () => {
    const { page, problems } = await open();
    const cell = page.locator('[data-cell="demo/rows"]');
    const before = readFileSync(rowsFile(), 'utf8');
    await cell.getByRole('button', { name: 'Edit code' }).click();
    const editor = cell.locator('.cm-content');
    await editor.waitFor();
    expect(await cell.locator('.expressive-code').isHidden()).toBe(true);
    // Change what the cell computes, then Shift+Enter from inside the editor.
    await editor.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\n// edited in the page\n');
    await page.evaluate(() => {
      const view = document.querySelector('[data-cell="demo/rows"] .cm-content') as HTMLElement;
      view.focus();
    });
    expect(await cell.getAttribute('data-edited')).toBe('true');
    await page.keyboard.press('Shift+Enter');
    await waitState(page, 'demo/rows', 'done');
    expect(await cell.getAttribute('data-origin')).toBe('edited-code');
    expect(await cell.locator('.am-origin').innerText()).toMatch(/edited code/);
    expect(await cell.locator('.am-status').innerText()).toMatch(/experiment/);
    expect(Number(await cell.getAttribute('data-rows'))).toBe(4);
    expect(readFileSync(rowsFile(), 'utf8')).toBe(before); // the file is unchanged
    await cell.getByRole('button', { name: 'Reset' }).click();
    expect(await cell.getAttribute('data-edited')).toBe('false');
    expect((await editor.innerText()).includes('edited in the page')).toBe(false);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('saves edited code to the file and shows the saved code', async () => {
    const { page, problems } = await open();
    const cell = page.locator('[data-cell="demo/rows"]');
    await cell.getByRole('button', { name: 'Edit code' }).click();
    await cell.locator('.cm-content').click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.type('// saved from the page\n');
    await cell.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => readFileSync(rowsFile(), 'utf8').startsWith('// saved from the page\n'), poll).toBe(true);
    expect(await waitText(cell.locator('.am-editor-box .am-note'), /saved to/)).toMatch(/saved to notebooks\/demo\/rows\.ts/);
    expect(await cell.getAttribute('data-edited')).toBe('false');
    await cell.getByRole('button', { name: 'Close editor' }).click();
    expect(await waitText(cell.locator('.expressive-code'), /saved from the page/)).toMatch(/saved from the page/);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('builds a parameters form from the schema and refuses bad values at the field', async () => {
    const { page, problems } = await open();
    const cell = page.locator('[data-cell="demo/rows"]');
    await cell.getByRole('button', { name: 'Parameters' }).click();
    const n = cell.getByLabel('n', { exact: true });
    await waitValue(n, '4'); // the quick preset
    expect(await n.inputValue()).toBe('4');
    await cell.locator('.am-preset').selectOption('full');
    expect(await n.inputValue()).toBe('8');
    await n.fill('ten');
    await cell.locator('.am-run').click();
    expect(await waitText(cell.locator('.am-param-error'), /\S/)).toBe('Expected a number');
    await n.fill('500');
    await cell.locator('.am-run').click();
    // The runner checks the value with the cell's own schema: on a busy machine that takes a while.
    expect(await waitText(cell.locator('.am-param-error'), /less than or equal/)).toMatch(/less than or equal to 50/);
    expect(await n.getAttribute('aria-invalid')).toBe('true');
    await n.fill('6');
    await cell.locator('.am-run').click();
    await waitState(page, 'demo/rows', 'done');
    expect(await cell.getAttribute('data-origin')).toBe('edited-params');
    expect(Number(await cell.getAttribute('data-rows'))).toBe(6);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('runs every cell of the chapter in order with Run all, driven from the keyboard', async () => {
    const { page, problems } = await open();
    const runAll = page.getByRole('button', { name: 'Run all' });
    await runAll.focus();
    await page.keyboard.press('Enter');
    // While the first cell runs, the second waits in the queue.
    await waitState(page, 'demo/slow', 'queued');
    expect(await state(page, 'demo/slow')).toBe('queued');
    await waitState(page, 'demo/slow', 'done');
    expect(await state(page, 'demo/rows')).toBe('done');
    expect(await waitText(page.locator('.am-run-all .am-status'), /Run all finished/)).toMatch(/Run all finished: 2 done, 0 failed/);
    expect(readFileSync(join(box.dir, 'public/results/demo/slow.json'), 'utf8')).toContain('"cell": "demo/slow"');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('keeps a run going through a reload, replays what was missed and carries on live', async () => {
    const { page, problems } = await open();
    const slow = page.locator('[data-cell="demo/slow"]');
    // Slower than its preset (7 s), so even a busy machine reloads the page before the run ends.
    await slow.getByRole('button', { name: 'Parameters' }).click();
    const every = slow.getByLabel('everyMs', { exact: true });
    await waitValue(every, '250');
    await every.fill('600');
    await slow.locator('.am-run').click();
    await waitState(page, 'demo/slow', 'running');
    await waitRows(page, 'demo/slow', 3, true);
    await page.reload({ waitUntil: 'domcontentloaded' });
    await slow.locator('.am-run').waitFor();
    // Replayed: running, with the rows emitted before the reload already on the chart.
    await page.waitForFunction(
      () => {
        const el = document.querySelector<HTMLElement>('[data-cell="demo/slow"]')!;
        return el.dataset.state === 'running' && Number(el.dataset.rows) >= 3;
      },
      undefined,
      { timeout: PAGE_WAIT_MS },
    );
    await waitState(page, 'demo/slow', 'done');
    expect(Number(await slow.getAttribute('data-rows'))).toBe(12);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('lists earlier runs with their provenance and overlays one on the chart', async () => {
    const { page, problems } = await open();
    const cell = page.locator('[data-cell="demo/rows"]');
    await cell.getByRole('button', { name: 'History' }).click();
    const items = cell.locator('.am-history li');
    await items.first().waitFor();
    const texts = await items.allInnerTexts();
    expect(texts[0]).toMatch(/the chapter's results/);
    expect(texts.some((t) => /edited code/.test(t))).toBe(true);
    expect(texts.some((t) => /edited parameters/.test(t))).toBe(true);
    expect(texts[0]).toMatch(/Node 20/);
    await items.nth(1).locator('input').check();
    await cell.locator('.am-chart g.am-overlay').first().waitFor();
    expect(await cell.locator('.am-chart g.am-overlay').count()).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows the stored chart again after a failed run, with the run’s error beside it', async () => {
    const { page, problems } = await open();
    const cell = page.locator('[data-cell="demo/rows"]');
    const stored = await ensureStored(page, 'demo/rows');
    expect(stored).toBeGreaterThan(0);
    await cell.getByRole('button', { name: 'Edit code' }).click();
    await cell.locator('.cm-content').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type("\nthrow new Error('edited to fail');\n");
    await page.keyboard.press('Shift+Enter');
    await waitState(page, 'demo/rows', 'running');
    await waitState(page, 'demo/rows', 'error');
    // The chart is the stored one again (all its rows), and the error says why the run failed.
    await waitRows(page, 'demo/rows', stored);
    expect(await cell.locator('.am-chart circle').count()).toBe(stored);
    const alert = cell.getByRole('alert');
    expect(await waitText(alert, /edited to fail/)).toMatch(/^Error \(exception\): edited to fail \(notebooks\/demo\/rows\.ts:\d+\)/);
    expect(await cell.locator('.am-status').innerText()).toBe('failed · stored results kept');
    await cell.getByRole('button', { name: 'Reset' }).click();
    expect(problems).toEqual([]);
    await page.close();
  });

  it('says a cancelled run was cancelled, not in red, and shows the stored chart again', async () => {
    const { page, problems } = await open();
    const slow = page.locator('[data-cell="demo/slow"]');
    expect(await ensureStored(page, 'demo/slow')).toBe(12);
    // Slower than its preset, so a busy machine still cancels it mid-run.
    await slow.getByRole('button', { name: 'Parameters' }).click();
    const every = slow.getByLabel('everyMs', { exact: true });
    await waitValue(every, '250');
    await every.fill('1000');
    await slow.locator('.am-run').click();
    await waitState(page, 'demo/slow', 'running');
    await waitRows(page, 'demo/slow', 1, true);
    await slow.getByRole('button', { name: 'Cancel' }).click();
    await waitState(page, 'demo/slow', 'cancelled');
    await waitRows(page, 'demo/slow', 12); // the stored results: 12 rows, not the one or two the run got to
    expect(await waitText(slow.locator('.am-status'), /cancelled/)).toBe('cancelled · stored results kept');
    expect(await slow.getByRole('alert').isVisible()).toBe(false);
    expect(await slow.locator('.am-error').isHidden()).toBe(true);
    expect(await slow.locator('.am-chart circle').count()).toBe(12);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('says cancelled, not in red, when the stopped cell reported an error of its own first', async () => {
    const { page, problems } = await open('/chapters/demo-stop/', 'demo/dying');
    const cell = page.locator('[data-cell="demo/dying"]');
    await cell.locator('.am-run').click();
    await waitState(page, 'demo/dying', 'running');
    await waitText(cell.locator('.am-log'), /waiting to be stopped/);
    await cell.getByRole('button', { name: 'Cancel' }).click();
    await waitState(page, 'demo/dying', 'cancelled');
    expect(await waitText(cell.locator('.am-status'), /cancelled/)).toBe('cancelled · stored results kept');
    expect(await cell.getByRole('alert').isVisible()).toBe(false);
    // Not as an error: at most a log line that says it came while the run was being stopped.
    expect(await cell.locator('.am-error').innerText()).not.toMatch(/terminating connection/);
    const said = (await cell.locator('[data-live-slot]').innerText()).split('\n').filter((l) => /terminating connection/.test(l));
    for (const line of said) expect(line).toMatch(/^while stopping: /);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('after a Save, says stale once: the notice, the provenance and data-state agree', async () => {
    const { page, problems } = await open();
    const slow = page.locator('[data-cell="demo/slow"]');
    await ensureStored(page, 'demo/slow');
    expect(await slow.locator('.am-provenance').innerText()).toMatch(/ · up to date · /);
    await slow.getByRole('button', { name: 'Edit code' }).click();
    await slow.locator('.cm-content').click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.type('// a change that makes the stored results stale\n');
    await slow.getByRole('button', { name: 'Save' }).click();
    await waitState(page, 'demo/slow', 'stale');
    expect(await waitText(slow.locator('.am-notice'), /Stale/)).toMatch(/^Stale: .* Measure it with npm run bench -- demo\/slow\.$/);
    expect(await slow.locator('.am-freshness').innerText()).toBe('stale');
    expect(await slow.innerText()).not.toMatch(/up to date/);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('overlays history runs in their own colours with a legend, keeping the chart’s marks and order', async () => {
    // Two earlier runs of a chapter cell with the essay's figures and a sorted axis.
    const stored = JSON.parse(readFileSync(join(box.dir, 'public/results/generator-overhead/calls.json'), 'utf8'));
    const dir = join(box.dir, '.runs/history/generator-overhead/calls');
    mkdirSync(dir, { recursive: true });
    const earlier = (date: string, extra: Record<string, unknown>, rows: Record<string, unknown>[]) =>
      writeFileSync(
        join(dir, `${date.replace(/[:.]/g, '-')}.json`),
        JSON.stringify({ ...stored, ...extra, rows, provenance: { ...stored.provenance, date } }),
      );
    // Fewer variants, in another order of cost: once, this alone dropped the essay's mark and re-sorted the axis.
    earlier(
      '2026-11-01T09:15:00.000Z',
      { preset: 'quick' },
      stored.rows.slice(0, 2).map((r: Record<string, number>) => ({ ...r, ratio: r.ratio * 50 })),
    );
    earlier('2026-11-02T10:30:00.000Z', { preset: 'custom', origin: 'edited-params' }, stored.rows.slice(1));
    expect(readdirSync(dir)).toHaveLength(2);

    for (const [path, words] of [
      [
        '/chapters/generator-overhead/',
        { history: 'History', legend: /^Overlaid runs:/, edited: 'edited parameters · custom preset', saved: 'saved code · quick preset' },
      ],
      [
        '/zh-cn/chapters/generator-overhead/',
        { history: '历史', legend: /^叠加的运行：/, edited: '修改后的参数 · custom 预设', saved: '已保存的代码 · quick 预设' },
      ],
    ] as const) {
      const { page, problems } = await open(path, 'generator-overhead/calls');
      const cell = page.locator('[data-cell="generator-overhead/calls"]');
      // The axis shows each variant under the chapter's label for it (Chinese on the Chinese page).
      const shown: Record<string, string> = JSON.parse((await cell.getAttribute('data-chart'))!).labels ?? {};
      const variants = new Set([...stored.rows, ...stored.reference].map((r: { variant: string }) => shown[r.variant] ?? r.variant));
      const ticks = async () => (await cell.locator('.am-chart svg text').allTextContents()).filter((t) => variants.has(t));
      const before = {
        essay: await cell.locator('.am-chart g.am-essay circle').count(),
        ours: await cell.locator('.am-chart circle').count(),
        ticks: await ticks(),
      };
      expect(before.essay).toBeGreaterThan(0);
      expect(before.ticks.length).toBe(variants.size);
      await cell.getByRole('button', { name: words.history, exact: true }).click();
      const boxes = cell.locator('.am-history input');
      await boxes.nth(2).waitFor();
      await boxes.nth(1).check();
      await boxes.nth(2).check();
      const legend = cell.locator('.am-overlay-legend li');
      await legend.nth(1).waitFor();
      await cell.locator('.am-chart g.am-overlay').first().waitFor();
      // Added, not replacing: the essay's marks and the axis order are as they were.
      expect(await cell.locator('.am-chart g.am-essay circle').count()).toBe(before.essay);
      expect(await ticks()).toEqual(before.ticks);
      expect(await cell.locator('.am-chart circle').count()).toBe(before.ours + 2 + (stored.rows.length - 1));
      // Each run in its own colour, named in the legend by date, origin and preset.
      const colours = await cell
        .locator('.am-chart g.am-overlay')
        .evaluateAll((gs) => [...new Set(gs.map((g) => g.getAttribute('stroke')))]);
      expect(colours).toHaveLength(2);
      expect(await legend.evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.colour))).toEqual(colours);
      expect(await cell.locator('.am-overlay-legend').innerText()).toMatch(words.legend);
      const labels = await legend.allInnerTexts();
      expect(labels).toEqual([`2026-11-02 10:30:00 · ${words.edited}`, `2026-11-01 09:15:00 · ${words.saved}`]);
      expect(problems).toEqual([]);
      await page.close();
    }
  });

  it("runs a cell on the runtime chosen beside the preset, keeping its results apart from Node 20's", async () => {
    const { page, problems } = await open();
    const cell = page.locator('[data-cell="demo/rows"]');
    await ensureStored(page, 'demo/rows');
    const node = readFileSync(join(box.dir, 'public/results/demo/rows.json'), 'utf8');
    const runtime = cell.getByLabel('Runtime: demo/rows');
    expect(await runtime.inputValue()).toBe('node20');
    await runtime.selectOption('bun');
    await cell.locator('.am-run').click();
    await waitState(page, 'demo/rows', 'running');
    await waitState(page, 'demo/rows', 'done');
    expect(await waitText(cell.locator('.am-status'), /done/)).toBe('done · results saved');
    const onBun = join(box.dir, 'public/results/demo/rows/bun.json');
    await expect.poll(() => existsSync(onBun) && JSON.parse(readFileSync(onBun, 'utf8')).provenance.runtime, poll).toBe('bun');
    expect(readFileSync(join(box.dir, 'public/results/demo/rows.json'), 'utf8')).toBe(node);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('asks before a quick run replaces full results, and keeps the run in history unless told to', async () => {
    const { page, problems } = await open();
    const cell = page.locator('[data-cell="demo/rows"]');
    const file = join(box.dir, 'public/results/demo/rows.json');
    const replace = cell.getByLabel('Replace the full results with a quick run');
    await cell.locator('.am-preset').selectOption('full');
    await cell.locator('.am-run').click();
    await waitState(page, 'demo/rows', 'running');
    await waitState(page, 'demo/rows', 'done');
    expect(await waitText(cell.locator('.am-status'), /done/)).toBe('done · results saved');
    await expect.poll(() => JSON.parse(readFileSync(file, 'utf8')).preset, poll).toBe('full');
    const full = readFileSync(file, 'utf8');
    // Now the quick preset is smaller than the stored one: the page offers the choice, unticked.
    await cell.locator('.am-preset').selectOption('quick');
    await replace.waitFor();
    expect(await replace.isChecked()).toBe(false);
    await cell.locator('.am-run').click();
    await waitState(page, 'demo/rows', 'running');
    await waitState(page, 'demo/rows', 'done');
    expect(await waitText(cell.locator('.am-status'), /done/)).toMatch(
      /^done · kept in the runner's history: a quick run does not replace the stored full results/,
    );
    expect(readFileSync(file, 'utf8')).toBe(full);
    // Ticked, the next run replaces them, and the choice is not offered any more.
    await replace.check();
    await cell.locator('.am-run').click();
    await waitState(page, 'demo/rows', 'running');
    await waitState(page, 'demo/rows', 'done');
    expect(await waitText(cell.locator('.am-status'), /done/)).toBe('done · results saved');
    expect(JSON.parse(readFileSync(file, 'utf8')).preset).toBe('quick');
    await cell.locator('.am-replace').waitFor({ state: 'hidden' });
    expect(problems).toEqual([]);
    await page.close();
  });
});
