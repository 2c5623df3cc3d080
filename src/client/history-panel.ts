/**
 * A cell's earlier runs, listed with their provenance; ticking one overlays its rows on the chart.
 * The chapter's stored results are always the first entry.
 */
import type { HistoryEntry } from '../../core/api.ts';
import type { Overlay } from '../../core/chart-overlays.ts';
import { provenanceLine, paramsLine } from '../../core/cell-view.ts';
import type { Lang, UiStrings } from '../../core/ui-strings.ts';
import { el } from './dom.ts';

/** "2026-11-22 00:50:12 · edited parameters": how the list names a run (its provenance follows). */
function entryName(e: HistoryEntry, t: UiStrings): string {
  const when = e.date.slice(0, 19).replace('T', ' '); // to the second: two quick runs can share a minute
  return `${when} · ${e.stored ? t.live.storedResults : t.live.origin[e.origin]}`;
}

/** "2026-11-22 00:50:12 · edited parameters · quick preset": how the chart's legend names it. */
function legendLabel(e: HistoryEntry, t: UiStrings): string {
  return `${entryName(e, t)} · ${t.preset(e.preset)}`;
}

export function historyPanel(entries: HistoryEntry[], lang: Lang, t: UiStrings, onChange: (overlays: Overlay[]) => void): HTMLElement {
  const list = el('ul', { className: 'am-history' });
  if (entries.length === 0) list.append(el('li', { textContent: t.live.noHistory }));
  // Each ticked run keeps its colour slot until it is unticked: ticking another never repaints it.
  const ticked = new Map<HistoryEntry, number>();
  const freeSlot = () => {
    const used = new Set(ticked.values());
    let slot = 0;
    while (used.has(slot)) slot++;
    return slot;
  };
  for (const e of entries) {
    const box = el('input', { type: 'checkbox' });
    box.dataset.key = e.key;
    box.addEventListener('change', () => {
      if (box.checked) ticked.set(e, freeSlot());
      else ticked.delete(e);
      onChange(entries.filter((x) => ticked.has(x)).map((x) => ({ label: legendLabel(x, t), rows: x.rows, slot: ticked.get(x)! })));
    });
    const details = el('small', {
      textContent: `${provenanceLine(e.provenance, e.preset, undefined, lang)}${Object.keys(e.params).length ? ` · ${paramsLine(e.params)}` : ''}`,
    });
    list.append(el('li', {}, el('label', {}, box, ` ${entryName(e, t)}`, el('br'), details)));
  }
  return list;
}
