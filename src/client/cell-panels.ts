/** A cell's Parameters and History panels: opened under its toolbar, toggled by their buttons. */
import type { RunPreset } from '../../core/protocol.ts';
import { historyPanel } from './history-panel.ts';
import { describe, loadHistory, showError, type LiveCell } from './live-cell.ts';
import { paramsPanel } from './params-panel.ts';

function togglePanel(trigger: HTMLButtonElement, panel: HTMLElement): boolean {
  const open = trigger.getAttribute('aria-expanded') !== 'true';
  trigger.setAttribute('aria-expanded', String(open));
  panel.hidden = !open;
  return open;
}

export async function toggleParams(cell: LiveCell): Promise<void> {
  if (cell.params) {
    togglePanel(cell.paramsButton, cell.params.element);
    return;
  }
  const description = await describe(cell);
  if (!description) return;
  if (description.paramsError) return showError(cell, cell.t.live.loadError(description.paramsError));
  cell.params = paramsPanel(cell.id, description, cell.t.live, () => cell.params?.edits(cell.preset.value as RunPreset));
  cell.params.fill(cell.preset.value as RunPreset);
  cell.panels.append(cell.params.element);
  cell.paramsButton.setAttribute('aria-expanded', 'true');
  cell.params.element.querySelector<HTMLElement>('input, select')?.focus();
}

export async function toggleHistory(cell: LiveCell): Promise<void> {
  const existing = cell.panels.querySelector<HTMLElement>('.am-history');
  if (existing && cell.history && cell.panelHistory === cell.history) {
    togglePanel(cell.historyButton, existing);
    return;
  }
  const entries = await loadHistory(cell);
  if (!entries) return;
  const stored = entries.find((e) => e.stored);
  if (!cell.live && stored) {
    // Redraw from data (the page's SVG is static): our stored rows, the essay's, then overlays.
    cell.chart.slot = { cell: cell.id, runtime: cell.ownRuntime };
    cell.chart.measured = stored.rows;
    cell.chart.trials = stored.trials;
    cell.chart.essay = stored.reference;
  }
  const panel = historyPanel(entries, cell.lang, cell.t, (overlays) => {
    cell.chart.overlays = overlays;
    cell.chart.draw();
  });
  existing?.replaceWith(panel);
  if (!existing) cell.panels.append(panel);
  cell.panelHistory = entries;
  if (cell.chart.overlays.length > 0) {
    cell.chart.overlays = []; // the new list starts unticked
    cell.chart.draw();
  }
  cell.historyButton.setAttribute('aria-expanded', 'true');
  panel.querySelector<HTMLElement>('input')?.focus();
}
