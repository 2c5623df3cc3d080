/**
 * "Run all" for a chapter: one bar above the first cell that queues every cell of the page, in
 * page order, as one batch; it follows the batch's runs and says how far it got. Each cell shows
 * its own state (running, queued with its position) as for a single run.
 */
import type { BatchStarted, RunEvent } from '../../core/api.ts';
import type { LiveStrings } from '../../core/ui-strings.ts';
import { call } from './api.ts';
import { el } from './dom.ts';

export interface RunAllBar {
  onState(e: Extract<RunEvent, { kind: 'state' }>): void;
}

export function runAllBar(first: HTMLElement, cellIds: string[], t: LiveStrings, showError: (text: string) => void): RunAllBar {
  const bar = el('div', { className: 'am-run-all am-toolbar' });
  const button = el('button', { type: 'button', className: 'am-primary', textContent: t.runAll });
  const preset = el('select');
  preset.setAttribute('aria-label', `${t.runAll}: ${t.preset}`);
  preset.append(new Option('quick', 'quick'), new Option('full', 'full'));
  const stop = el('input', { type: 'checkbox', id: 'am-run-all-stop' });
  const stopLabel = el('label', { htmlFor: stop.id, textContent: t.stopOnError });
  const status = el('span', { className: 'am-status' });
  status.setAttribute('role', 'status');
  bar.append(button, preset, stop, stopLabel, status);
  first.before(bar);

  let batch: string | undefined;
  let expected = cellIds.length;
  const outcome = new Map<string, string>();

  button.addEventListener('click', async () => {
    try {
      const r = await call<BatchStarted>('POST', 'runs/all', {
        cells: cellIds,
        preset: preset.value,
        stopOnError: stop.checked,
      });
      batch = r.batch;
      // Cells that were already queued or running were joined, not added to the batch.
      expected = r.runs.filter((x) => !x.joined).length;
      outcome.clear();
      button.disabled = true;
      status.textContent = t.runAllProgress(0, expected, undefined);
      if (expected === 0) button.disabled = false;
    } catch (e) {
      showError(t.couldNotStart((e as Error).message));
    }
  });

  return {
    onState(e) {
      if (!e.batch) return;
      if (batch === undefined) batch = e.batch; // a page reloaded mid-batch picks it up from the replay
      if (e.batch !== batch) return;
      outcome.set(e.cell, e.state);
      const finished = [...outcome.values()].filter((s) => s === 'done' || s === 'error' || s === 'cancelled');
      const running = [...outcome].find(([, s]) => s === 'running')?.[0];
      const total = Math.max(expected, outcome.size);
      if (finished.length >= total) {
        const count = (s: string) => finished.filter((x) => x === s).length;
        status.textContent = t.runAllDone(count('done'), count('error'), count('cancelled'));
        button.disabled = false;
        batch = undefined;
        expected = cellIds.length;
      } else {
        button.disabled = true;
        status.textContent = t.runAllProgress(finished.length, total, running);
      }
    },
  };
}
