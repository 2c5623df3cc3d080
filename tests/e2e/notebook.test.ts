// The local notebook as a Jupyter user drives it, end to end in Chromium against the real runner:
// edit a cell and run the edit, reset, save, parameters (bad values refused), Run all, reload in
// the middle of a run, history overlay, and all of it from the keyboard.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { makeSandbox, ROOT, type Sandbox } from '../helpers/sandbox.ts';
import { launch } from '../helpers/browser.ts';
import { startRunner, type Runner } from '../helpers/runner.ts';

let box: Sandbox;
let browser: Browser;
let runner: Runner;
const FIXTURES = join(ROOT, 'tests/fixtures/notebook');
const rowsFile = () => join(box.dir, 'notebooks/demo/rows.ts');

beforeAll(async () => {
  box = makeSandbox();
  mkdirSync(join(box.dir, 'notebooks/demo'));
  for (const f of ['rows.ts', 'slow.ts'])
    writeFileSync(join(box.dir, 'notebooks/demo', f), readFileSync(join(FIXTURES, f), 'utf8').replaceAll('../../../runners/', '../../runners/'));
  writeFileSync(join(box.dir, 'content/docs/chapters/demo.mdx'), readFileSync(join(FIXTURES, 'demo.mdx'), 'utf8'));
  [browser, runner] = await Promise.all([launch(), startRunner(box.dir)]);
}, 120_000);
afterAll(async () => {
  await runner?.stop();
  await browser?.close();
  box?.remove();
});

async function open(): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && !/status of 400/.test(m.text()) && problems.push(`console: ${m.text()}`));
  await page.goto(`${runner.origin}/chapters/demo/?token=${runner.token}`);
  await page.locator('[data-cell="demo/rows"] .am-run').waitFor({ timeout: 90_000 });
  return { page, problems };
}

const state = (page: Page, id: string) => page.locator(`[data-cell="${id}"]`).getAttribute('data-state');
async function waitState(page: Page, id: string, wanted: string, timeout = 60_000): Promise<void> {
  await page.waitForFunction(([c, s]) => document.querySelector<HTMLElement>(`[data-cell="${c}"]`)?.dataset.state === s, [id, wanted] as const, { timeout });
}

describe('the notebook page', () => {
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
    await expect.poll(() => readFileSync(rowsFile(), 'utf8').startsWith('// saved from the page\n')).toBe(true);
    await expect.poll(() => cell.locator('.am-editor-box .am-note').innerText()).toMatch(/saved to notebooks\/demo\/rows\.ts/);
    expect(await cell.getAttribute('data-edited')).toBe('false');
    await cell.getByRole('button', { name: 'Close editor' }).click();
    await expect.poll(() => cell.locator('.expressive-code').innerText()).toMatch(/saved from the page/);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('builds a parameters form from the schema and refuses bad values at the field', async () => {
    const { page, problems } = await open();
    const cell = page.locator('[data-cell="demo/rows"]');
    await cell.getByRole('button', { name: 'Parameters' }).click();
    const n = cell.getByLabel('n', { exact: true });
    await expect.poll(() => n.inputValue()).toBe('4'); // the quick preset
    await cell.locator('.am-preset').selectOption('full');
    expect(await n.inputValue()).toBe('8');
    await n.fill('ten');
    await cell.locator('.am-run').click();
    await expect.poll(() => cell.locator('.am-param-error').first().innerText()).toBe('Expected a number');
    await n.fill('500');
    await cell.locator('.am-run').click();
    await expect.poll(() => cell.locator('.am-param-error').first().innerText()).toMatch(/less than or equal to 50/);
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
    await expect.poll(() => state(page, 'demo/slow'), { timeout: 30_000 }).toBe('queued');
    await waitState(page, 'demo/slow', 'done', 90_000);
    expect(await state(page, 'demo/rows')).toBe('done');
    await expect.poll(() => page.locator('.am-run-all .am-status').innerText()).toMatch(/Run all finished: 2 done, 0 failed/);
    expect(readFileSync(join(box.dir, 'public/results/demo/slow.json'), 'utf8')).toContain('"cell": "demo/slow"');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('keeps a run going through a reload, replays what was missed and carries on live', async () => {
    const { page, problems } = await open();
    const slow = page.locator('[data-cell="demo/slow"]');
    await slow.locator('.am-run').click();
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('[data-cell="demo/slow"]')!.dataset.rows) >= 3);
    await page.reload();
    await slow.locator('.am-run').waitFor();
    // Replayed: running, with the rows emitted before the reload already on the chart.
    await page.waitForFunction(() => {
      const el = document.querySelector<HTMLElement>('[data-cell="demo/slow"]')!;
      return el.dataset.state === 'running' && Number(el.dataset.rows) >= 3;
    });
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
    await expect.poll(() => cell.locator('.am-chart g.am-overlay').count()).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    await page.close();
  });
});
