/**
 * A cell's earlier runs, listed with their provenance; ticking one overlays its rows on the chart.
 * The chapter's stored results are always the first entry.
 */
import type { HistoryEntry, RowData } from '../../runners/protocol.ts';
import { provenanceLine, paramsLine } from '../lib/cell-view.ts';
import type { Lang, UiStrings } from '../lib/ui-strings.ts';
import { el } from './dom.ts';

export interface Overlay {
  label: string;
  rows: RowData[];
}

export function historyPanel(entries: HistoryEntry[], lang: Lang, t: UiStrings, onChange: (overlays: Overlay[]) => void): HTMLElement {
  const list = el('ul', { className: 'am-history' });
  if (entries.length === 0) list.append(el('li', { textContent: t.live.noHistory }));
  const when = (e: HistoryEntry) => e.date.slice(0, 16).replace('T', ' ');
  const what = (e: HistoryEntry) => (e.stored ? t.live.storedResults : t.live.origin[e.origin]);
  const ticked = new Set<HistoryEntry>();
  for (const e of entries) {
    const box = el('input', { type: 'checkbox' });
    box.dataset.key = e.key;
    box.addEventListener('change', () => {
      if (box.checked) ticked.add(e);
      else ticked.delete(e);
      onChange(entries.filter((x) => ticked.has(x)).map((x) => ({ label: `${what(x)}, ${when(x)}`, rows: x.rows })));
    });
    const details = el('small', {
      textContent: `${provenanceLine(e.provenance, e.preset, undefined, lang)}${Object.keys(e.params).length ? ` · ${paramsLine(e.params)}` : ''}`,
    });
    list.append(el('li', {}, el('label', {}, box, ` ${when(e)} · ${what(e)}`, el('br'), details)));
  }
  return list;
}
