/**
 * Waiting on what a notebook page shows (a cell's data-state, data-rows, a text, a field's value),
 * never on time: on a busy machine a run, a compile or a parameters check can take many seconds,
 * so every wait has the same generous ceiling and returns as soon as the page gets there.
 */
import type { Locator, Page } from 'playwright-core';

/** How long a page may take to get somewhere on a loaded 2-core machine. */
export const PAGE_WAIT_MS = 120_000;

export async function waitState(page: Page, id: string, wanted: string, timeout = PAGE_WAIT_MS): Promise<void> {
  await page.waitForFunction(
    ([c, s]) => document.querySelector<HTMLElement>(`[data-cell="${c}"]`)?.dataset.state === s,
    [id, wanted] as const,
    { timeout },
  );
}

/** Until the cell's chart shows exactly (or, with `atLeast`, at least) `n` of our rows. */
export async function waitRows(page: Page, id: string, n: number, atLeast = false, timeout = PAGE_WAIT_MS): Promise<void> {
  await page.waitForFunction(
    ([c, want, min]) => {
      const rows = Number(document.querySelector<HTMLElement>(`[data-cell="${c}"]`)?.dataset.rows);
      return min ? rows >= want : rows === want;
    },
    [id, n, atLeast] as const,
    { timeout },
  );
}

/** Until the first element of `locator` shows text matching `text`; returns that text. */
export async function waitText(locator: Locator, text: RegExp, timeout = PAGE_WAIT_MS): Promise<string> {
  const match = locator.filter({ hasText: text }).first();
  await match.waitFor({ timeout });
  return match.innerText();
}

/** Until an input holds `value` (a form filled once the runner has described the cell). */
export async function waitValue(input: Locator, value: string, timeout = PAGE_WAIT_MS): Promise<void> {
  await input.waitFor({ timeout });
  await input
    .page()
    .waitForFunction(([el, v]) => (el as HTMLInputElement).value === v, [await input.elementHandle(), value] as const, { timeout });
}
